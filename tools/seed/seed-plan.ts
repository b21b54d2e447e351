import { modelBucketFiles, type SeedFile } from "./bucket-files.ts";

/**
 * Which of the files the MODELS bucket must hold (tools/seed/bucket-files.ts)
 * changed since the last seed.
 */
export type { SeedFile };

export interface SeedPlan {
  files: SeedFile[];
  /** Files that differ from the stamp (or are new). */
  changed: SeedFile[];
  warnings: string[];
}

/** key -> sha256 of what was last uploaded. */
export type SeedStamp = Record<string, string>;

export function planSeed(dir: string, stamp: SeedStamp): SeedPlan {
  const { files, warnings } = modelBucketFiles(dir);
  return { files, changed: files.filter((f) => stamp[f.key] !== f.sha256), warnings };
}
