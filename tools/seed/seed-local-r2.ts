import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { ROOT, wranglerEnv, wranglerCommand } from "../wrangler-bin.ts";
import { planSeed, type SeedFile, type SeedStamp } from "./seed-plan.ts";
import { isMain } from "../is-main.mjs";

/**
 * Uploads models/ into the local R2 bucket `wrangler dev` uses, through
 * `wrangler r2 bulk put --local` (one wrangler start per content type, not
 * one per file). Idempotent: a stamp (key -> sha256) kept inside the wrangler
 * state dir records what was uploaded, so a re-run uploads only changed files,
 * and wiping .wrangler/state re-seeds everything.
 *
 *   npx tsx tools/seed/seed-local-r2.ts [--dir models] [--persist-to .wrangler/state] [--force]
 */
export const BUCKET = "faceflare-models";

export interface SeedOptions {
  dir?: string;
  persistTo?: string;
  force?: boolean;
  upload?: (files: SeedFile[], persistTo: string) => void;
  log?: (line: string) => void;
}

export const contentTypeOf = (key: string) => (key.endsWith(".json") ? "application/json" : "application/octet-stream");

/** The files' content types, each with the files that have it. */
export function byContentType(files: SeedFile[]): Map<string, SeedFile[]> {
  const groups = new Map<string, SeedFile[]>();
  for (const f of files) groups.set(contentTypeOf(f.key), [...(groups.get(contentTypeOf(f.key)) ?? []), f]);
  return groups;
}

export function wranglerBulkPut(files: SeedFile[], persistTo: string): void {
  const work = mkdtempSync(join(tmpdir(), "faceflare-seed-"));
  try {
    for (const [type, group] of byContentType(files)) {
      const list = join(work, "files.json");
      writeFileSync(list, JSON.stringify(group.map((f) => ({ key: f.key, file: f.path }))));
      const [cmd, args] = wranglerCommand(["r2", "bulk", "put", BUCKET, "--filename", list, "--content-type", type, "--local", "--persist-to", persistTo]);
      execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: wranglerEnv() });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function stampPath(persistTo: string): string {
  return join(persistTo, `${BUCKET}.seed-stamp.json`);
}

function readStamp(path: string): SeedStamp {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as SeedStamp;
  } catch {
    return {};
  }
}

/** Returns the keys uploaded. */
export function seedLocalR2(options: SeedOptions = {}): string[] {
  const dir = resolve(ROOT, options.dir ?? "models");
  const persistTo = resolve(ROOT, options.persistTo ?? ".wrangler/state");
  const log = options.log ?? ((line: string) => console.log(`[seed] ${line}`));
  const upload = options.upload ?? wranglerBulkPut;
  const stampFile = stampPath(persistTo);
  const stamp = options.force ? {} : readStamp(stampFile);

  const plan = planSeed(dir, stamp);
  for (const w of plan.warnings) log(`warning: ${w}`);
  mkdirSync(dirname(stampFile), { recursive: true });
  if (plan.changed.length) {
    log(`put ${plan.changed.map((f) => `${BUCKET}/${f.key}`).join(", ")}`);
    upload(plan.changed, persistTo);
    for (const file of plan.changed) stamp[file.key] = file.sha256;
    writeFileSync(stampFile, JSON.stringify(stamp, null, 2));
  }
  log(`${plan.changed.length} uploaded, ${plan.files.length - plan.changed.length} unchanged`);
  return plan.changed.map((f) => f.key);
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  seedLocalR2({ dir: value("--dir"), persistTo: value("--persist-to"), force: args.includes("--force") });
}
