import { FaceflareError } from "../core/errors.ts";
import { Manifest, ModelEntry } from "./manifest-schema.ts";
import { listObjects } from "../core/list-objects.ts";
import type { ModelBucket } from "./model-bucket.ts";

export const MANIFEST_KEY = "manifest.json";
/**
 * User-added models: any object `manifests/<id>.json` in the MODELS bucket
 * holding one ModelEntry (same schema as an entry of manifest.json) is added
 * to the manifest. That is how a user serves e.g. an HSEmotion model: upload
 * the .onnx under the entry's `file` key (relative to the bucket root), then
 * `manifests/<id>.json`. A user entry replaces a manifest.json entry with the
 * same id (how a `user-supplied` entry gets its sha256). Broken user entries
 * are skipped with a warning rather than taking the service down.
 */
export const USER_MANIFEST_PREFIX = "manifests/";

export interface LoadedManifest {
  manifest: Manifest;
  /** Ids that came from manifests/<id>.json. */
  userIds: string[];
  warnings: string[];
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}

async function readUserEntry(bucket: ModelBucket, key: string): Promise<ModelEntry | string> {
  const obj = await bucket.get(key);
  if (!obj) return `${key}: vanished while listing`;
  let json: unknown;
  try {
    json = JSON.parse(await obj.text());
  } catch (e) {
    return `${key}: not JSON (${(e as Error).message})`;
  }
  const parsed = ModelEntry.safeParse(json);
  if (!parsed.success) return `${key}: not a ModelEntry (${issues(parsed.error)})`;
  const expectedId = key.slice(USER_MANIFEST_PREFIX.length, -".json".length);
  if (parsed.data.id !== expectedId) return `${key}: holds id "${parsed.data.id}", expected "${expectedId}"`;
  return parsed.data;
}

/** manifest.json validated, merged with every manifests/<id>.json. */
export async function loadManifest(bucket: ModelBucket): Promise<LoadedManifest> {
  const obj = await bucket.get(MANIFEST_KEY);
  if (!obj) throw new FaceflareError("unavailable", `${MANIFEST_KEY} is missing from the models bucket (run npm run dev to seed it)`);
  let json: unknown;
  try {
    json = JSON.parse(await obj.text());
  } catch (e) {
    throw new FaceflareError("unavailable", `${MANIFEST_KEY} is not JSON: ${(e as Error).message}`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) throw new FaceflareError("unavailable", `${MANIFEST_KEY} is invalid: ${issues(parsed.error)}`);

  const warnings: string[] = [];
  const userIds: string[] = [];
  const models = new Map(parsed.data.models.map((m) => [m.id, m]));
  const keys = (await listObjects(bucket, USER_MANIFEST_PREFIX)).map((o) => o.key).filter((k) => k.endsWith(".json")).sort();
  for (const key of keys) {
    const entry = await readUserEntry(bucket, key);
    if (typeof entry === "string") {
      warnings.push(entry);
      continue;
    }
    if (models.has(entry.id)) warnings.push(`${key}: replaces the manifest.json entry "${entry.id}"`);
    models.set(entry.id, entry);
    userIds.push(entry.id);
  }
  return { manifest: { ...parsed.data, models: [...models.values()] }, userIds, warnings };
}
