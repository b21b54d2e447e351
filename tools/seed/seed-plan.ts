import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Which files of models/ belong in the MODELS bucket, and which of them
 * changed since the last seed. Keys are paths relative to models/, the same
 * keys the registry reads: manifest.json, each model's and calibration's `file`, and user-style
 * entries manifests/<id>.json with their files.
 */
export interface SeedFile {
  key: string;
  path: string;
  sha256: string;
}

export interface SeedPlan {
  files: SeedFile[];
  /** Files that differ from the stamp (or are new). */
  changed: SeedFile[];
  warnings: string[];
}

/** key -> sha256 of what was last uploaded. */
export type SeedStamp = Record<string, string>;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface ListedEntry {
  id?: string;
  file?: string;
  sha256?: string;
  availability?: string;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

export function planSeed(dir: string, stamp: SeedStamp): SeedPlan {
  const warnings: string[] = [];
  const files = new Map<string, SeedFile>();
  const add = (key: string) => {
    const path = join(dir, key);
    files.set(key, { key, path, sha256: sha256(readFileSync(path)) });
    return files.get(key)!;
  };
  const addEntry = (entry: ListedEntry, from: string) => {
    if (!entry.file) return warnings.push(`${from}: entry ${entry.id ?? "?"} has no file`);
    if (!existsSync(join(dir, entry.file))) {
      // A user-supplied model is added to the bucket by the user, not shipped.
      if (entry.availability !== "user-supplied") warnings.push(`${from}: ${entry.file} of ${entry.id} is missing from ${dir}`);
      return;
    }
    const f = add(entry.file);
    if (entry.sha256 && entry.sha256 !== f.sha256)
      warnings.push(`${from}: ${entry.file} has sha256 ${f.sha256}, manifest says ${entry.sha256}; the Worker will refuse it`);
  };

  if (!existsSync(join(dir, "manifest.json"))) {
    return { files: [], changed: [], warnings: [`${join(dir, "manifest.json")} not found: nothing to seed`] };
  }
  add("manifest.json");
  const manifest = readJson(join(dir, "manifest.json")) as { models?: ListedEntry[]; calibrations?: ListedEntry[] };
  // Heads (models/heads/) are models like any other; calibrations (models/calibration/) are read and sha256-checked the same way.
  for (const entry of [...(manifest.models ?? []), ...(manifest.calibrations ?? [])]) addEntry(entry, "manifest.json");

  const userDir = join(dir, "manifests");
  if (existsSync(userDir)) {
    for (const name of readdirSync(userDir).filter((n) => n.endsWith(".json")).sort()) {
      const key = `manifests/${name}`;
      add(key);
      addEntry(readJson(join(dir, key)) as ListedEntry, key);
    }
  }

  const all = [...files.values()];
  return { files: all, changed: all.filter((f) => stamp[f.key] !== f.sha256), warnings };
}
