import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ClipClassifierSchema } from "../../src/clips/classifier.ts";

/**
 * What the MODELS bucket must hold, from models/: the one list both the local
 * seed (`npm run dev`, tools/seed/seed-local-r2.ts) and a deploy upload to the
 * remote bucket use. Keys are paths relative to models/, the keys the Worker
 * reads:
 *   - manifest.json and each entry's `file`          (the bundled models)
 *   - manifests/<id>.json and their files            (user-added models)
 *   - classifiers/<id>.json                          (clip classifiers from `npm run train:clip`)
 */
export interface SeedFile {
  key: string;
  path: string;
  sha256: string;
  /** What the file is, for logs and the deploy script's summary. */
  kind: "manifest" | "model" | "user-manifest" | "classifier";
}

export interface BucketFiles {
  files: SeedFile[];
  /** Problems found (missing files, hash mismatches, malformed classifiers); those files are left out. */
  warnings: string[];
}

interface ListedEntry {
  id?: string;
  file?: string;
  sha256?: string;
  availability?: string;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const jsonNames = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")).sort() : []);

export function modelBucketFiles(dir: string): BucketFiles {
  const warnings: string[] = [];
  const files = new Map<string, SeedFile>();
  const add = (key: string, kind: SeedFile["kind"]) => {
    const path = join(dir, key);
    files.set(key, { key, path, sha256: sha256(readFileSync(path)), kind });
    return files.get(key)!;
  };
  const addEntry = (entry: ListedEntry, from: string) => {
    if (!entry.file) return warnings.push(`${from}: entry ${entry.id ?? "?"} has no file`);
    if (!existsSync(join(dir, entry.file))) {
      // A user-supplied model is added to the bucket by the user, not shipped.
      if (entry.availability !== "user-supplied") warnings.push(`${from}: ${entry.file} of ${entry.id} is missing from ${dir}`);
      return;
    }
    const f = add(entry.file, "model");
    if (entry.sha256 && entry.sha256 !== f.sha256)
      warnings.push(`${from}: ${entry.file} has sha256 ${f.sha256}, manifest says ${entry.sha256}; the Worker will refuse it`);
  };

  if (!existsSync(join(dir, "manifest.json"))) {
    return { files: [], warnings: [`${join(dir, "manifest.json")} not found: nothing to seed`] };
  }
  add("manifest.json", "manifest");
  const manifest = readJson(join(dir, "manifest.json")) as { models?: ListedEntry[]; calibrations?: ListedEntry[] };
  // Heads (models/heads/) are models like any other; calibrations (models/calibration/) are read and sha256-checked the same way.
  for (const entry of [...(manifest.models ?? []), ...(manifest.calibrations ?? [])]) addEntry(entry, "manifest.json");

  for (const name of jsonNames(join(dir, "manifests"))) {
    const key = `manifests/${name}`;
    add(key, "user-manifest");
    addEntry(readJson(join(dir, key)) as ListedEntry, key);
  }
  for (const key of classifierKeys(dir, warnings)) add(key, "classifier");
  return { files: [...files.values()], warnings };
}

/**
 * classifiers/<id>.json files the Worker can load: valid for its schema and
 * named by their id (clips ask for a classifier by id). Others are reported
 * and left out rather than served as a 503 on first use.
 */
export function classifierKeys(dir: string, warnings: string[] = []): string[] {
  return jsonNames(join(dir, "classifiers")).flatMap((name) => {
    const key = `classifiers/${name}`;
    let parsed;
    try {
      parsed = ClipClassifierSchema.safeParse(readJson(join(dir, key)));
    } catch (err) {
      warnings.push(`${key}: not JSON (${(err as Error).message}); not uploaded`);
      return [];
    }
    if (!parsed.success) {
      warnings.push(`${key}: not a clip classifier (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); not uploaded`);
      return [];
    }
    if (`${parsed.data.id}.json` !== name) {
      warnings.push(`${key}: its id is "${parsed.data.id}", so clips would ask for classifiers/${parsed.data.id}.json; rename the file or retrain with --id; not uploaded`);
      return [];
    }
    return [key];
  });
}
