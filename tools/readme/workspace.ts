import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CodeBlock } from "./blocks.ts";

/**
 * Where the README's blocks run, as a reader would run them from a checkout:
 * a scratch directory holding a symlink to every top-level entry of the
 * repository (so `npm run ...`, `npx faceflare` and relative paths work)
 * and a node_modules of symlinks plus the built client package as
 * `@faceflare/client`. Files the blocks write land in the scratch directory,
 * not in the checkout. Blocks run in order as in one terminal session: the
 * variables a block exports and the directory it ends in carry over.
 */
export const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
/** The address the README writes; blocks get the running server's instead. */
const README_URLS = ["http://localhost:8787", "http://127.0.0.1:8787"];

export interface Workspace {
  dir: string;
  url: string;
  close(): void;
}

export interface BlockRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function linkAll(from: string, to: string, skip: string[]) {
  for (const name of readdirSync(from)) if (!skip.includes(name)) symlinkSync(join(from, name), join(to, name));
}

/** Builds the client package and lays out the scratch directory; `url` is the running API. */
export function createWorkspace(url: string): Workspace {
  const build = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "client/tsconfig.json")], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`building the client package failed:\n${build.stdout}${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), "faceflare-readme-"));
  linkAll(ROOT, dir, ["node_modules", ".git"]);
  mkdirSync(join(dir, "node_modules/@faceflare"), { recursive: true });
  linkAll(join(ROOT, "node_modules"), join(dir, "node_modules"), ["@faceflare"]);
  symlinkSync(join(ROOT, "client"), join(dir, "node_modules/@faceflare/client"));
  mkdirSync(join(dir, ".doc-test"));
  writeFileSync(join(dir, ".doc-test/cwd"), dir);
  writeFileSync(join(dir, ".doc-test/env.sh"), "");
  return { dir, url, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The file a ts/js block is written to in the session's state directory (`README.md:117` -> `README.md-117.mts`). */
export const blockFile = (block: CodeBlock) => `${block.file.replace(/[^\w.-]/g, "_")}-${block.line}.${block.lang === "ts" ? "mts" : "mjs"}`;

const withServer = (code: string, url: string) => README_URLS.reduce((c, u) => c.replaceAll(u, url), code);

/** The shell script that runs one block inside the session (its exports and directory saved for the next). */
function script(ws: Workspace, block: CodeBlock): string {
  const state = join(ws.dir, ".doc-test");
  const code = withServer(block.code, ws.url);
  let body: string;
  if (["sh", "bash", "shell"].includes(block.lang)) body = code;
  else {
    const file = join(state, blockFile(block));
    writeFileSync(file, code);
    body = block.lang === "ts" ? `node ${JSON.stringify(TSX)} ${JSON.stringify(file)}` : `node ${JSON.stringify(file)}`;
  }
  return [
    "set -euo pipefail",
    `source ${JSON.stringify(join(state, "env.sh"))}`,
    `cd "$(cat ${JSON.stringify(join(state, "cwd"))})"`,
    body,
    `export -p > ${JSON.stringify(join(state, "env.sh"))}`,
    `pwd > ${JSON.stringify(join(state, "cwd"))}`,
  ].join("\n");
}

/** The reader's environment: no API key (the README must export one), the CLI pointed at the running API. */
function sessionEnv(ws: Workspace): NodeJS.ProcessEnv {
  const { KEY: _k, FACEFLARE_KEY: _f, ...env } = process.env;
  return { ...env, FACEFLARE_URL: ws.url, NO_COLOR: "1", npm_config_update_notifier: "false" };
}

/** Runs one sh/ts/js block in the session. */
export function runBlock(ws: Workspace, block: CodeBlock, timeoutMs = 300_000): Promise<BlockRun> {
  return new Promise((done) => {
    const child = spawn("bash", ["-c", script(ws, block)], { cwd: ws.dir, env: sessionEnv(ws) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

/**
 * Type-checks the session's TypeScript blocks (written when they ran)
 * against the installed package's .d.ts, as a TypeScript user would compile
 * them; returns tsc's report ("" when they compile).
 */
export function typecheckBlocks(ws: Workspace): string {
  const state = join(ws.dir, ".doc-test");
  writeFileSync(
    join(state, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"], types: ["node"], strict: true, noEmit: true, skipLibCheck: true },
      include: ["*.mts"],
    }),
  );
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(state, "tsconfig.json")], { encoding: "utf8" });
  return r.status === 0 ? "" : `${r.stdout}${r.stderr}`;
}

/** A problem answer (RFC 9457) anywhere in a block's output: an example that "ran" but was refused. */
export const PROBLEM = /"type"\s*:\s*"https:\/\/faceflare\.dev\/problems\/[a-z_]+"/;
