import { execFileSync } from "node:child_process";
import { lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, wranglerCommand, wranglerEnv } from "../../tools/wrangler-bin.ts";

// What `npm run deploy` would upload, built by `wrangler deploy --dry-run`:
// within the Workers Paid size limit (10 MB gzipped; the Free plan's 3 MB is
// too small, README "Deploy"), and assets that are plain files.
const PAID_LIMIT_KIB = 10 * 1024;
let out: string;
let output: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "faceflare-dry-run-"));
  const [node, args] = wranglerCommand(["deploy", "--dry-run", "--outdir", out]);
  output = execFileSync(node, args, { cwd: ROOT, encoding: "utf8", stdio: "pipe", env: wranglerEnv() });
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return lstatSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe("wrangler deploy --dry-run", () => {
  it("bundles the Worker and both wasm modules within the 10 MB (gzip) limit", () => {
    const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
    expect(m, output).not.toBeNull();
    const gzipKiB = Number(m![2]);
    console.log(`[measure] deploy bundle ${m![1]} KiB, gzip ${gzipKiB} KiB (limit ${PAID_LIMIT_KIB} KiB)`);
    expect(gzipKiB).toBeLessThan(PAID_LIMIT_KIB);
    const files = readdirSync(out);
    expect(files).toContain("worker.js");
    expect(files.filter((f) => f.endsWith(".wasm")).map((f) => f.replace(/^[0-9a-f]+-/, "")).sort()).toEqual(["ort-wasm-simd-threaded.wasm", "photon_rs_bg.wasm"]);
  });

  it("reads static assets that are regular files, none a symbolic link", () => {
    const assets = /Read (\d+) files from the assets directory/.exec(output);
    expect(Number(assets?.[1])).toBeGreaterThan(0);
    const publicDir = join(ROOT, "public");
    const links = [publicDir, ...walk(publicDir)].filter((p) => lstatSync(p).isSymbolicLink());
    expect(links).toEqual([]);
  });
});
