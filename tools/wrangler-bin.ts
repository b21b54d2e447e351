import { join, resolve } from "node:path";
import { node22Path } from "./node22.mjs";

/** The repo's own wrangler, always run on Node 22+ (tools/node22.mjs), whatever Node runs the caller. */
export const ROOT = resolve(import.meta.dirname, "..");
export const WRANGLER_JS = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** `[executable, args]` for spawn/execFile: `wrangler <args>`. */
export function wranglerCommand(args: readonly string[]): [string, string[]] {
  return [node22Path(), [WRANGLER_JS, ...args]];
}

/** wrangler's environment: no telemetry prompts or colours in captured output. */
export const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };
