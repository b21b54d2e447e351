import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_ENV, ApiKeyUsageError, resolveApiKey } from "../../tools/api-key.ts";

// Issue 17: the repo's tools that call the API take the key as the CLI does:
// FACEFLARE_KEY, --key-file, or --key. clip:descriptors --url is run against a
// recording stand-in for the API (the real API is exercised by clips-serving.test.ts).
const run = promisify(execFile);
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "faceflare-key-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("resolveApiKey", () => {
  it("takes --key, else --key-file, else FACEFLARE_KEY; refuses both flags and bad files", () => {
    const dir = tmp();
    const file = join(dir, "key");
    writeFileSync(file, "ff_from_file\n");
    const env = { [API_KEY_ENV]: "ff_from_env" };
    expect(resolveApiKey({ key: "ff_flag" }, env)).toEqual({ key: "ff_flag", source: "--key" });
    expect(resolveApiKey({ "key-file": file }, env)).toEqual({ key: "ff_from_file", source: "--key-file" });
    expect(resolveApiKey({}, env)).toEqual({ key: "ff_from_env", source: API_KEY_ENV });
    expect(resolveApiKey({}, {})).toEqual({ key: undefined, source: "none" });
    expect(() => resolveApiKey({ key: "a", "key-file": file }, env)).toThrow(ApiKeyUsageError);
    expect(() => resolveApiKey({ "key-file": join(dir, "missing") }, env)).toThrow(/missing/);
    writeFileSync(join(dir, "two"), "a\nb\n");
    expect(() => resolveApiKey({ "key-file": join(dir, "two") }, env)).toThrow(/one line/);
    expect(() => resolveApiKey({ key: " " }, env)).toThrow(/empty/);
  });
});

describe("clip:descriptors --url", () => {
  let server: Server;
  let url: string;
  const seen: { method: string; path: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization });
      req.resume();
      req.on("end", () => {
        if (!req.headers.authorization) {
          res.writeHead(401, { "content-type": "application/problem+json" }).end(JSON.stringify({ code: "unauthorized" }));
        } else if (req.method === "DELETE") res.writeHead(204).end();
        else if (req.method === "GET") res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ emotionModel: "emotion", framesWithFaces: 2, descriptor: [0.5, 0.25, 0, 1] }));
        else res.writeHead(req.url === "/v1/clips" ? 201 : 200, { "content-type": "application/json" }).end(JSON.stringify({ id: "c".repeat(32) }));
      });
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));

  function clipsDir() {
    const root = tmp();
    mkdirSync(join(root, "clips/happy/c1"), { recursive: true });
    for (const f of ["1.jpg", "2.jpg"]) writeFileSync(join(root, "clips/happy/c1", f), "not decoded by the stand-in");
    return root;
  }

  const descriptors = (args: string[], env: Record<string, string>) =>
    run("npx", ["tsx", "tools/clips/clip-descriptors.ts", ...args, "--url", url], { env: { ...process.env, [API_KEY_ENV]: "", ...env } });

  it("sends FACEFLARE_KEY as a bearer token on every call", async () => {
    const root = clipsDir();
    seen.length = 0;
    await descriptors([join(root, "clips"), "--out", join(root, "d.jsonl")], { [API_KEY_ENV]: "ff_env_key_0123456789" });
    expect(seen.map((s) => s.method)).toEqual(["POST", "POST", "GET", "DELETE"]);
    expect(seen.every((s) => s.authorization === "Bearer ff_env_key_0123456789")).toBe(true);
    const line = JSON.parse(readFileSync(join(root, "d.jsonl"), "utf8").trim());
    expect(line).toMatchObject({ label: "happy", clip: "c1", path: "happy/c1", frames: 2, framesWithFaces: 2, descriptor: [0.5, 0.25, 0, 1] });
  });

  it("takes --key-file over the environment, and refuses --key with --key-file (exit 2)", async () => {
    const root = clipsDir();
    writeFileSync(join(root, "key"), "ff_file_key_0123456789\n");
    seen.length = 0;
    await descriptors([join(root, "clips"), "--out", join(root, "d.jsonl"), "--key-file", join(root, "key")], { [API_KEY_ENV]: "ff_env_key_0123456789" });
    expect(new Set(seen.map((s) => s.authorization))).toEqual(new Set(["Bearer ff_file_key_0123456789"]));
    const both = await descriptors([join(root, "clips"), "--key", "a", "--key-file", join(root, "key")], {}).catch((e) => e);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("not both");
  });

  it("--help prints the key options and exits 0", async () => {
    const { stdout } = await run("npx", ["tsx", "tools/clips/clip-descriptors.ts", "--help"]);
    expect(stdout).toContain("--key-file");
    expect(stdout).toContain(API_KEY_ENV);
  });
});
