// .dev.vars (gitignored): the local secrets `wrangler dev` reads, made once by
// `npm run dev` (tools/dev.mjs) and read by the keys tool and the README's
// doc-test. Plain .mjs so the dev script can import it without tsx.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const DEV_VARS = join(dirname(fileURLToPath(import.meta.url)), "../.dev.vars");

/** NAME="value" lines of a .dev.vars file ({} when it does not exist). */
export function readDevVars(path = DEV_VARS) {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  return Object.fromEntries(text.split("\n").map((l) => /^\s*([A-Z0-9_]+)\s*=\s*"?([^"]*)"?\s*$/.exec(l)).filter(Boolean).map((m) => [m[1], m[2]]));
}

/** Missing local secrets (an upload signing secret, a development API key) are generated; existing ones kept. Returns every var and the names added. */
export function ensureDevVars(path = DEV_VARS) {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const vars = readDevVars(path);
  const wanted = {
    UPLOAD_SIGNING_SECRET: () => randomBytes(32).toString("base64url"),
    DEV_API_KEY: () => `ff_${randomBytes(32).toString("base64url")}`,
  };
  const added = Object.entries(wanted).filter(([k]) => !vars[k]).map(([k, make]) => [k, make()]);
  if (added.length) {
    appendFileSync(path, (text && !text.endsWith("\n") ? "\n" : "") + added.map(([k, v]) => `${k}="${v}"\n`).join(""));
    for (const [k, v] of added) vars[k] = v;
  }
  return { vars, added: added.map(([k]) => k) };
}
