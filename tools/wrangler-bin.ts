import { join, resolve } from "node:path";
import { node22Path } from "./node22.mjs";

/** The repo's own wrangler, always run on Node 22+ (tools/node22.mjs), whatever Node runs the caller. */
export const ROOT = resolve(import.meta.dirname, "..");
export const WRANGLER_JS = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/**
 * `[executable, args]` for spawn/execFile: `wrangler <args>`. FACEFLARE_WRANGLER
 * names another script to run instead (tests run the deploy against a fake).
 */
export function wranglerCommand(args: readonly string[]): [string, string[]] {
  return [node22Path(), [process.env.FACEFLARE_WRANGLER || WRANGLER_JS, ...args]];
}

/** wrangler's environment, read when called: no telemetry prompts or colours in captured output. */
export const wranglerEnv = (): NodeJS.ProcessEnv => ({ ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" });
