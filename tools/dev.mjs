// `npm run dev`: seed the local R2 bucket from models/ (idempotent, see
// tools/seed/seed-local-r2.ts), make sure .dev.vars holds the local secrets
// (an upload signing secret and a development API key, generated once), print
// the dev key, then start `wrangler dev` on port 8787 unless another is given.
// Extra args pass through: `npm run dev -- --port 9000`. `--persist-to DIR`
// goes to the seed as well; `--models DIR` (default models/) only to the seed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { ensureDevVars } from "./dev-vars.mjs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { node22Env, node22Path } from "./node22.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const node = node22Path();
const env = node22Env(node);
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

const seed = spawnSync(node, ["--import", "tsx", join(root, "tools/seed/seed-local-r2.ts"), ...seedArgs], {
  cwd: root,
  stdio: "inherit",
  env,
});
if (seed.status !== 0) {
  console.error("[dev] seeding the local R2 bucket failed");
  process.exit(seed.status ?? 1);
}

const { vars: devVars, added } = ensureDevVars();
if (added.length) console.log(`[dev] wrote ${added.join(", ")} to .dev.vars`);
console.log(`[dev] development API key (local only, from .dev.vars):\n\n    Authorization: Bearer ${devVars.DEV_API_KEY}\n\n[dev] in another shell: export KEY=$(npm run -s keys -- dev)\n`);
console.log("[dev] more keys: npm run keys -- create <name>   (health, /openapi.json, /docs and the demo page need none)");

const hasPort = args.some((a) => a === "--port" || a.startsWith("--port="));
// wrangler.toml's [secrets] makes wrangler dev take only UPLOAD_SIGNING_SECRET
// from .dev.vars; the development key, a local-only var, is passed explicitly.
const wranglerArgs = ["dev", ...(hasPort ? [] : ["--port", "8787"]), "--var", `DEV_API_KEY:${devVars.DEV_API_KEY}`,
  // Local receivers for batch webhooks (http://localhost:...): development only, never set on a deployed Worker.
  "--var", "WEBHOOK_ALLOW_HTTP_LOOPBACK:1", ...args];
const child = spawn(node, [join(root, "node_modules/wrangler/bin/wrangler.js"), ...wranglerArgs], { cwd: root, stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
