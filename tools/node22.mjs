#!/usr/bin/env node
/**
 * Runs a script with Node.js 22 or newer, which wrangler, miniflare and the
 * vitest plugin need:
 *
 *   node tools/node22.mjs <script.js|script.ts> [args...]
 *
 * With Node >= 22 on the PATH this is just that Node. On an older Node
 * (Linux x64/arm64 only) it uses Node NODE22_VERSION from the npm registry's
 * `node-linux-<arch>` package, fetched once with `npm pack` (npm checks the
 * tarball's integrity) into the user cache, outside node_modules, so that
 * neither the install nor machines with a current Node pay for it.
 * `.ts` scripts run through tsx. The child's PATH starts with that Node's
 * directory, so `node` and `npx` inside it are Node 22 too.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { isMain } from "./is-main.mjs";

export const NODE22_VERSION = "22.23.3";
const MIN_MAJOR = 22;

const major = (version) => Number(version.replace(/^v/, "").split(".")[0]);

/** Where the fetched Node lives: $FACEFLARE_NODE_DIR, else the user cache. */
export function node22Dir() {
  if (process.env.FACEFLARE_NODE_DIR) return process.env.FACEFLARE_NODE_DIR;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "faceflare", `node-v${NODE22_VERSION}-${process.platform}-${process.arch}`);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr || r.stdout}`);
  return r.stdout;
}

function fetchNode22(dir) {
  if (process.platform !== "linux" || !["x64", "arm64"].includes(process.arch)) {
    throw new Error(`Node ${process.version} is too old: Faceflare's tools need Node ${MIN_MAJOR} or newer (install it, e.g. from nodejs.org)`);
  }
  const pkg = `node-linux-${process.arch}@${NODE22_VERSION}`;
  console.error(`[node22] Node ${process.version} is older than ${MIN_MAJOR}: fetching ${pkg} once into ${dir}`);
  const work = mkdtempSync(join(tmpdir(), "faceflare-node22-"));
  try {
    const packed = JSON.parse(run("npm", ["pack", pkg, "--json", "--pack-destination", work], { cwd: work }));
    run("tar", ["-xzf", join(work, packed[0].filename), "-C", work, "package/bin/node"]);
    const staged = join(work, "node");
    mkdirSync(join(staged, "bin"), { recursive: true });
    renameSync(join(work, "package/bin/node"), join(staged, "bin/node"));
    chmodSync(join(staged, "bin/node"), 0o755);
    mkdirSync(dirname(dir), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(staged, dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Path of a Node >= 22 binary: this one, or the fetched one. */
export function node22Path() {
  if (major(process.version) >= MIN_MAJOR) return process.execPath;
  const dir = node22Dir();
  const bin = join(dir, "bin/node");
  if (!existsSync(bin)) fetchNode22(dir);
  const version = run(bin, ["--version"]).trim();
  if (major(version) < MIN_MAJOR) throw new Error(`${bin} is ${version}, not ${MIN_MAJOR}+`);
  return bin;
}

/** Environment for a child that should find the Node at `bin` first on its PATH. */
export function node22Env(bin = node22Path(), env = process.env) {
  const key = Object.keys(env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  return { ...env, [key]: `${dirname(bin)}${delimiter}${env[key] ?? ""}` };
}

if (isMain(import.meta.url)) {
  const [script, ...args] = process.argv.slice(2);
  if (!script) {
    console.error("usage: node tools/node22.mjs <script.js|script.ts> [args...]");
    process.exit(2);
  }
  const argv = script.endsWith(".ts") ? ["--import", "tsx", script, ...args] : [script, ...args];
  const bin = node22Path();
  const child = spawn(bin, argv, { stdio: "inherit", env: node22Env(bin) });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
