#!/usr/bin/env node
/**
 * `npm run tools:install`: the second, heavy install in tools/ (its own
 * package.json and lockfile: the forge's source packages, the bench's
 * competitors, native onnxruntime). Runs `npm ci --prefix tools` only when
 * tools/node_modules does not match tools/package-lock.json, so the scripts
 * that need it (models, verify, eval, bench, test:tools) call it first.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMain } from "./is-main.mjs";

const TOOLS = dirname(fileURLToPath(import.meta.url));
const STAMP = join(TOOLS, "node_modules/.faceflare-lock-sha256");

const lockHash = () => createHash("sha256").update(readFileSync(join(TOOLS, "package-lock.json"))).digest("hex");

export function toolsInstalled() {
  return existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === lockHash();
}

export function installTools() {
  if (toolsInstalled()) return;
  console.error("[tools] installing tools/ (forge sources, bench systems, onnxruntime-node): npm ci --prefix tools");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--prefix", TOOLS, "--no-audit", "--no-fund"], { stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) throw new Error(`npm ci --prefix tools failed (${r.status ?? r.error})`);
  writeFileSync(STAMP, `${lockHash()}\n`);
}

if (isMain(import.meta.url)) {
  try {
    installTools();
  } catch (err) {
    console.error(`[tools] ${err.message}`);
    process.exit(1);
  }
}
