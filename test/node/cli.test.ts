import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startWranglerDev, type DevServer } from "./wrangler-dev.ts";

// The CLI against a real `wrangler dev` (Node 22), its local R2 seeded with
// models/, over a temp folder of the face-api demo photos.
const PERSIST = join(ROOT, ".wrangler/cli-test-state");
const DEMO = join(ROOT, "test/fixtures/demo");
// wrangler dev's development key (src/auth/authenticate.ts), passed with --var.
const DEV_KEY = "cli-test-dev-api-key-0123456789";
const PHOTOS = ["sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"];

let server: DevServer | undefined;
let url: string;
let work: string;

/** Runs `npx faceflare` (the package's bin) with the system Node, as a user would. */
function cli(args: string[], env: Record<string, string> = {}, key: string | null = DEV_KEY) {
  const r = spawnSync("npx", ["--no-install", "faceflare", ...args, ...(key ? ["--key", key] : [])], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: r.status === 0 ? JSON.parse(r.stdout.trim().split("\n").pop()!) : undefined };
}

/**
 * Starts the CLI and kills it (SIGKILL, its whole process group) once its
 * state file lists `uploads` uploaded files: an interruption from outside.
 * Returns how many were uploaded when it died.
 */
async function cliKilledAfterUploads(args: string[], statePath: string, uploads: number): Promise<number> {
  const child = spawn("npx", ["--no-install", "faceflare", ...args, "--key", DEV_KEY], { cwd: ROOT, detached: true, stdio: "ignore" });
  const uploaded = () => {
    try {
      return Object.keys((JSON.parse(readFileSync(statePath, "utf8")) as { uploaded: object }).uploaded).length;
    } catch {
      return 0; // not written yet
    }
  };
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 120_000;
  while (uploaded() < uploads && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  process.kill(-child.pid!, "SIGKILL");
  await exited;
  return uploaded();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "faceflare-cli-"));
  mkdirSync(join(work, "photos/nested"), { recursive: true });
  for (const [i, p] of PHOTOS.entries()) copyFileSync(join(DEMO, p), join(work, i < 4 ? "photos" : "photos/nested", p));

  server = await startWranglerDev(PERSIST, { UPLOAD_SIGNING_SECRET: "cli-test-signing-secret-0123456789", DEV_API_KEY: DEV_KEY });
  url = server.url;
});

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

type Line = { file: string; status: string; result?: { faces: { emotion?: unknown }[] }; error?: unknown };

describe("faceflare CLI against wrangler dev", () => {
  it("uploads a folder, runs the batch and writes one JSON line per photo", () => {
    const out = join(work, "results.jsonl");
    const r = cli(["analyze", join(work, "photos"), "--out", out, "--url", url, "--tasks", "emotion,age,gender", "--concurrency", "3", "--poll-ms", "300"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.summary).toMatchObject({ files: 6, uploaded: 6, resumed: 0, rejected: [], done: 6, failed: 0 });
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Line);
    expect(lines.map((l) => l.file).sort()).toEqual(["nested/sample5.jpg", "nested/sample6.jpg", "sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg"]);
    for (const l of lines) {
      expect(l.status).toBe("done");
      expect(l.result!.faces.length).toBeGreaterThan(0);
      expect(l.result!.faces[0].emotion).toBeDefined();
    }
    expect(existsSync(`${out}.state.json`)).toBe(false);
  });

  it("resumes an interrupted run without uploading finished files again, and writes CSV", async () => {
    const out = join(work, "resumed.csv");
    const args = ["analyze", join(work, "photos"), "--out", out, "--url", url, "--tasks", "emotion,age", "--concurrency", "1", "--poll-ms", "300"];
    const done = await cliKilledAfterUploads(args, `${out}.state.json`, 2);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(6);
    const state = JSON.parse(readFileSync(`${out}.state.json`, "utf8")) as { uploaded: Record<string, string>; batchId?: string };
    expect(state.batchId).toBeUndefined();

    const second = cli(args);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toContain(`resuming: ${done} of 6`);
    expect(second.summary).toMatchObject({ files: 6, resumed: done, uploaded: 6 - done, done: 6, failed: 0 });

    const [header, ...rows] = readFileSync(out, "utf8").trim().split("\n");
    const cols = header.split(",");
    expect(cols.slice(0, 4)).toEqual(["file", "status", "error", "face"]);
    const fileCol = cols.indexOf("file");
    expect(new Set(rows.map((r) => r.split(",")[fileCol])).size).toBe(6);
    expect(rows.every((r) => r.split(",")[cols.indexOf("status")] === "done")).toBe(true);
  });

  it("is refused without a valid API key", () => {
    for (const key of [null, "ff_not-a-key"]) {
      const r = cli(["analyze", join(work, "photos"), "--out", join(work, "nokey.jsonl"), "--url", url], {}, key);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("401");
    }
  });

  it("reports a server that is not there", () => {
    const r = cli(["analyze", join(work, "photos"), "--out", join(work, "x.jsonl"), "--url", "http://127.0.0.1:9"], {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("faceflare:");
  });
});
