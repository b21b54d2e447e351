import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./photos.ts";

/**
 * A copy of the Worker's sources for `wrangler dev` to serve. wrangler dev
 * watches its inputs and restarts workerd when one changes; in a checkout
 * where others edit src/ all the time that would cut a run in half (and mix
 * cold requests into warm numbers). The copy measures one consistent
 * version: the one at bench start. node_modules is linked, not copied.
 */
/** Everything at the top level except these (wrangler.toml may point at src/, public/, ...). */
const SKIPPED = new Set(["node_modules", ".git", ".wrangler", "build", "models", "test", "test-results", "bench", "tools"]);

export function snapshotWorker(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "faceflare-bench-worker-"));
  for (const name of readdirSync(ROOT)) {
    if (!SKIPPED.has(name)) cpSync(join(ROOT, name), join(dir, name), { recursive: true, verbatimSymlinks: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
