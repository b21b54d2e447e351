import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../client/src/cli/output.ts";
import { installPackedClient } from "./client-package.ts";
import { ROOT, startWranglerDev, type DevServer } from "./wrangler-dev.ts";

// The `faceflare` CLI and the typed client against a real `wrangler dev`
// (Node 22), its local R2 seeded with models/, over a folder of the demo
// photos and one broken file: first as a user installs it (the packed
// package in an empty project, plain node), then from the repository.
const PERSIST = join(ROOT, ".wrangler/cli-test-state");
const DEMO = join(ROOT, "test/fixtures/demo");
// wrangler dev's development key (src/auth/authenticate.ts), passed with --var.
const DEV_KEY = "cli-test-dev-api-key-0123456789";
const PHOTOS = ["sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"];
const BROKEN = "broken.jpg"; // text with a .jpg name

let server: DevServer | undefined;
let url: string;
let work: string;
let photos: string;

type Run = { status: number | null; stdout: string; stderr: string };

/** Runs a `faceflare` executable with FACEFLARE_KEY (not --key) in the environment. */
function run(command: string, args: string[], env: Record<string, string | undefined> = {}): Run {
  const r = spawnSync(command, args, { cwd: work, encoding: "utf8", env: { ...process.env, FACEFLARE_KEY: DEV_KEY, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** The repository's bin (what `npx faceflare` runs in the checkout: TypeScript through tsx). */
const REPO_BIN = join(ROOT, "bin/faceflare.mjs");
const repoCli = (args: string[], env: Record<string, string | undefined> = {}) => run(process.execPath, [REPO_BIN, ...args], env);

type Line = { file: string; status: string; result?: { faces: { emotion?: unknown }[] }; error?: { code: string; stage: string } };
const jsonl = (path: string) => readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Line);

/** Every photo analysed with faces, the broken file reported failed with its code; the exit code and stderr say so. */
function expectPhotosAndBrokenFile(r: Run, lines: Line[]) {
  expect(r.status, r.stderr).toBe(1); // some images failed
  expect(r.stderr).toMatch(/failed broken\.jpg: (not_an_image|corrupt_image)/);
  expect(r.stderr).toContain("6 of 7 images analysed, 1 failed");
  expect(lines.map((l) => l.file)).toEqual([BROKEN, "nested/sample5.jpg", "nested/sample6.jpg", "sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg"]);
  expect(lines[0].status).toBe("failed");
  expect(["upload", "analysis"]).toContain(lines[0].error!.stage); // the upload sniffs the bytes; the analysis would refuse it too
  expect(["not_an_image", "corrupt_image"]).toContain(lines[0].error!.code);
  for (const l of lines.slice(1)) {
    expect(l.status, l.file).toBe("done");
    expect(l.result!.faces.length, l.file).toBeGreaterThan(0);
    expect(l.result!.faces[0].emotion, l.file).toBeDefined();
  }
}

/**
 * Starts the CLI and kills it (SIGKILL, its whole process group) once its
 * state file lists `uploads` uploaded files: an interruption from outside.
 * Returns how many were uploaded when it died.
 */
async function cliKilledAfterUploads(args: string[], statePath: string, uploads: number): Promise<number> {
  const child = spawn(process.execPath, [REPO_BIN, ...args], { cwd: work, detached: true, stdio: "ignore", env: { ...process.env, FACEFLARE_KEY: DEV_KEY } });
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
  photos = join(work, "photos");
  mkdirSync(join(photos, "nested"), { recursive: true });
  for (const [i, p] of PHOTOS.entries()) copyFileSync(join(DEMO, p), join(photos, i < 4 ? "" : "nested", p));
  writeFileSync(join(photos, BROKEN), "this is not a JPEG\n");
  server = await startWranglerDev(PERSIST, { UPLOAD_SIGNING_SECRET: "cli-test-signing-secret-0123456789", DEV_API_KEY: DEV_KEY });
  url = server.url;
});

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed client package, installed into an empty project", () => {
  let bin: string;
  let project: string;

  beforeAll(() => {
    ({ bin } = installPackedClient(join(work, "install")));
    project = join(work, "install/project");
  });

  it("installs a `faceflare` command that runs on plain node: --help and --version exit 0", () => {
    const help = run(bin, ["--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain("Usage: faceflare analyze");
    expect(help.stdout).toContain("FACEFLARE_KEY");
    const version = run(bin, ["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "client/package.json"), "utf8")).version);
    // Built JavaScript only: nothing from the repository or tsx.
    expect(existsSync(join(project, "node_modules/@faceflare/client/dist/index.d.ts"))).toBe(true);
    expect(existsSync(join(project, "node_modules/tsx"))).toBe(false);
  });

  it("analyses a folder with FACEFLARE_KEY: results for the photos, the broken file reported, exit code 1", () => {
    const out = join(work, "packed.jsonl");
    const r = run(bin, ["analyze", photos, "--out", out, "--url", url, "--tasks", "emotion,age,gender", "--poll-ms", "300"]);
    expectPhotosAndBrokenFile(r, jsonl(out));
    expect(r.stdout).toBe(""); // results go to --out, the summary to stderr
    expect(existsSync(`${out}.state.json`)).toBe(false);
  });

  it("is importable with plain node: the typed client calls the API", () => {
    const script = `
      import { readFile } from "node:fs/promises";
      import { analyzeImage, createFaceflareClient, unwrap } from "@faceflare/client";
      const api = createFaceflareClient({ baseUrl: process.env.URL, apiKey: process.env.FACEFLARE_KEY });
      const { models } = unwrap(await api.GET("/v1/models"));
      const result = await analyzeImage(api, await readFile(process.env.PHOTO), { tasks: ["emotion", "age"] });
      console.log(JSON.stringify({ models: models.length, faces: result.faces.length, label: result.faces[0].emotion.label }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: project, encoding: "utf8", env: { ...process.env, URL: url, FACEFLARE_KEY: DEV_KEY, PHOTO: join(DEMO, "sample1.jpg") } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ faces: 3, label: expect.any(String) });
    expect(JSON.parse(r.stdout).models).toBeGreaterThan(3);
  });
});

describe("faceflare CLI from the repository", () => {
  it("resumes an interrupted run without uploading finished files again, and writes CSV with one row per face", async () => {
    const out = join(work, "resumed.csv");
    const args = ["analyze", photos, "--out", out, "--url", url, "--tasks", "emotion,age", "--concurrency", "1", "--poll-ms", "300"];
    const done = await cliKilledAfterUploads(args, `${out}.state.json`, 2);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(7);
    const state = JSON.parse(readFileSync(`${out}.state.json`, "utf8")) as { uploaded: Record<string, string>; batchId?: string };
    expect(state.batchId).toBeUndefined();

    const second = repoCli(args);
    expect(second.status, second.stderr).toBe(1);
    expect(second.stderr).toContain(`resuming: ${done} of 7`);

    const [header, ...rows] = readFileSync(out, "utf8").trim().split("\n");
    expect(header).toBe(CSV_COLUMNS.join(","));
    const cols = header.split(",");
    const cells = rows.map((r) => r.split(","));
    const byFile = (f: string) => cells.filter((c) => c[cols.indexOf("file")] === f);
    expect(byFile(BROKEN)).toHaveLength(1);
    expect(byFile(BROKEN)[0][cols.indexOf("status")]).toBe("failed");
    expect(["not_an_image", "corrupt_image"]).toContain(byFile(BROKEN)[0][cols.indexOf("error")]);
    expect(byFile("sample1.jpg")).toHaveLength(3); // three faces, one row each
    for (const row of byFile("sample1.jpg")) {
      expect(Number(row[cols.indexOf("width")])).toBeGreaterThan(50);
      expect(row[cols.indexOf("emotion")]).toMatch(/^[a-z]+$/);
      expect(Number(row[cols.indexOf("age")])).toBeGreaterThan(10);
    }
    expect(new Set(cells.map((c) => c[cols.indexOf("file")])).size).toBe(7);
  });

  it("writes to standard output without --out", () => {
    const r = repoCli(["analyze", join(photos, "nested"), "--url", url, "--tasks", "emotion", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l).file)).toEqual(["sample5.jpg", "sample6.jpg"]);
  });

  it("exits 4 when the API refuses the key, 3 when it cannot be reached, 2 on a usage error", () => {
    for (const key of ["", "ff_not-a-key"]) {
      const r = repoCli(["analyze", photos, "--out", join(work, "nokey.jsonl"), "--url", url], { FACEFLARE_KEY: key });
      expect(r.status, r.stderr).toBe(4);
      expect(r.stderr).toContain("401");
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const down = repoCli(["analyze", photos, "--out", join(work, "x.jsonl"), "--url", "http://127.0.0.1:9"]);
    expect(down.status, down.stderr).toBe(3);
    expect(down.stderr).toContain("cannot reach the API");
    const usage = repoCli(["analyze", join(work, "no-such-folder"), "--url", url]);
    expect(usage.status).toBe(2);
  });
});
