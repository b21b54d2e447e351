import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contentTypeOf } from "../seed/seed-local-r2.ts";
import { planSeed, type SeedFile } from "../seed/seed-plan.ts";
import { WranglerError, type Wrangler } from "./wrangler-cli.ts";

/**
 * Puts models/ into the remote MODELS bucket: the same files `npm run dev`
 * seeds locally (tools/seed/bucket-files.ts: manifest.json, each model's and
 * calibration's file, manifests/<id>.json, classifiers/<id>.json).
 * Each object is read back and its sha256 compared with the local file:
 * equal objects are left alone, others are uploaded and read back again, and
 * a mismatch stops the deploy. manifest.json goes last, so the Worker never
 * reads a manifest whose files are not there yet.
 */
export interface ModelUpload {
  uploaded: string[];
  unchanged: string[];
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Manifests after the files they list; manifest.json last of all. */
function uploadOrder(files: SeedFile[]): SeedFile[] {
  const rank = (key: string) => (key === "manifest.json" ? 2 : key.endsWith(".json") ? 1 : 0);
  return [...files].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

/** sha256 of the remote object, or null when the bucket has no such key. */
function remoteSha256(w: Wrangler, bucket: string, key: string, work: string): string | null {
  const file = join(work, "object");
  rmSync(file, { force: true });
  try {
    w.run(["r2", "object", "get", `${bucket}/${key}`, "--remote", "--file", file]);
  } catch (err) {
    if (err instanceof WranglerError && /specified key does not exist|NoSuchKey/i.test(err.output)) return null;
    throw err;
  }
  return sha256(readFileSync(file));
}

export function uploadModels(w: Wrangler, bucket: string, dir: string, log: (line: string) => void): ModelUpload {
  const plan = planSeed(dir, {});
  if (!plan.files.length) throw new Error(plan.warnings.join("\n") || `no models in ${dir}`);
  const broken = plan.warnings.filter((warning) => /sha256|missing/.test(warning));
  if (broken.length) throw new Error(`models/ does not match its manifest; not uploading:\n${broken.join("\n")}`);
  const work = mkdtempSync(join(tmpdir(), "faceflare-deploy-"));
  const result: ModelUpload = { uploaded: [], unchanged: [] };
  try {
    for (const file of uploadOrder(plan.files)) {
      if (remoteSha256(w, bucket, file.key, work) === file.sha256) {
        result.unchanged.push(file.key);
        continue;
      }
      log(`uploading ${bucket}/${file.key}`);
      w.run(["r2", "object", "put", `${bucket}/${file.key}`, "--remote", "--file", file.path, "--content-type", contentTypeOf(file.key)]);
      const stored = remoteSha256(w, bucket, file.key, work);
      if (stored !== file.sha256) throw new Error(`${bucket}/${file.key}: read back sha256 ${stored ?? "(missing)"}, uploaded ${file.sha256}`);
      result.uploaded.push(file.key);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return result;
}
