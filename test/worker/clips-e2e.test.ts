/// <reference types="vite/client" />
import { env as workerEnv, exports as workerExports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import s1 from "../fixtures/demo/sample1.jpg?inline";
import s2 from "../fixtures/demo/sample2.jpg?inline";
import s3 from "../fixtures/demo/sample3.jpg?inline";
import s4 from "../fixtures/demo/sample4.jpg?inline";
import s5 from "../fixtures/demo/sample5.jpg?inline";
import s6 from "../fixtures/demo/sample6.jpg?inline";
import noFace from "../fixtures/no-face.jpg?inline";
import type { Env } from "../../src/env.ts";
import { ClipClassifierSchema } from "../../src/clips/classifier.ts";
import { crossValidate, fitLinear, predictLabel } from "../../tools/learn/linear-model.ts";
import { fromDataUrl } from "./image-helpers.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";
import { maxError } from "./helpers/clip-synthetic.ts";
import { authHeaders } from "./helpers/auth.ts";

const env = workerEnv as unknown as Env;
const SAMPLES = [s1, s2, s3, s4, s5, s6].map(fromDataUrl);
const NO_FACE = fromDataUrl(noFace);
const call = async (path: string, init: RequestInit = {}) =>
  (workerExports as unknown as { default: Fetcher }).default.fetch(`http://x${path}`, { ...init, headers: { ...(await authHeaders()), ...(init.headers as Record<string, string>) } });

async function newClip(body: object = {}): Promise<string> {
  const res = await call("/v1/clips", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const postRaw = (id: string, index: number, bytes: Uint8Array) =>
  call(`/v1/clips/${id}/frames?index=${index}`, { method: "POST", headers: { "content-type": "image/jpeg" }, body: bytes as BufferSource });

function postMultipart(id: string, frames: { index: number; bytes: Uint8Array }[]) {
  const form = new FormData();
  for (const f of frames) {
    form.append("frame", new File([f.bytes as BlobPart], `${f.index}.jpg`, { type: "image/jpeg" }));
    form.append("index", String(f.index));
  }
  return call(`/v1/clips/${id}/frames`, { method: "POST", body: form });
}

type ClipJson = { framesReceived: number; framesWithFaces: number; emotionModel: string; emotion: { label: string; scores: Record<string, number> } | null; descriptor: number[]; descriptorDim: number; classifier: { label: string; scores: Record<string, number> } | null };
const getClip = async (id: string) => (await (await call(`/v1/clips/${id}?descriptor=1`)).json()) as ClipJson;

beforeAll(async () => {
  await seedModels(workerEnv as unknown as SeedEnv);
});

describe("clips on real frames and real models", () => {
  it("single mode: frames posted one by one, out of order, one retried; emotion and descriptor of the clip", async () => {
    const id = await newClip({ mode: "single" });
    const order = [4, 1, 5, 0, 3, 2];
    for (const i of order) {
      const res = await postRaw(id, i, SAMPLES[i]);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { frames: { index: number; duplicate: boolean; faces: number; boxes: unknown[]; emotion: { label: string; scores: Record<string, number> } }[] };
      expect(body.frames).toHaveLength(1);
      expect(body.frames[0]).toMatchObject({ index: i, duplicate: false });
      expect(body.frames[0].faces).toBeGreaterThanOrEqual(1);
      expect(body.frames[0].boxes).toHaveLength(1);
      expect(Object.values(body.frames[0].emotion.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    }
    const retried = (await (await postRaw(id, 3, SAMPLES[3])).json()) as { frames: { duplicate: boolean }[]; framesReceived: number };
    expect(retried.frames[0].duplicate).toBe(true);
    expect(retried.framesReceived).toBe(6);
    const faceless = (await (await postRaw(id, 6, NO_FACE)).json()) as { frames: { faces: number; emotion: unknown }[] };
    expect(faceless.frames[0]).toMatchObject({ faces: 0, emotion: null });

    const clip = await getClip(id);
    expect(clip).toMatchObject({ framesReceived: 7, framesWithFaces: 6, emotionModel: "emotion" });
    const scores = Object.values(clip.emotion!.scores);
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(clip.emotion!.scores[clip.emotion!.label]).toBe(Math.max(...scores));
    const labels = Object.keys(clip.emotion!.scores).length;
    expect(clip.descriptorDim).toBeGreaterThan(4 * labels); // features + probabilities, four statistics
    expect(clip.descriptorDim % 4).toBe(0);
    expect(clip.descriptor).toHaveLength(clip.descriptorDim);

    // Same frames, another order, in two multipart requests: the same descriptor.
    const other = await newClip({ mode: "single" });
    const second = await postMultipart(other, [5, 2, 0].map((index) => ({ index, bytes: SAMPLES[index] })));
    expect(second.status).toBe(200);
    await postMultipart(other, [1, 4, 3].map((index) => ({ index, bytes: SAMPLES[index] })));
    const again = await getClip(other);
    expect(again.framesReceived).toBe(6);
    expect(maxError(again.descriptor, clip.descriptor)).toBeLessThan(1e-5);
  });

  it("bad frames are refused with a problem and leave the clip intact", async () => {
    const id = await newClip();
    await postRaw(id, 0, SAMPLES[0]);
    const before = await getClip(id);
    const bad = await postRaw(id, 1, new TextEncoder().encode("not an image at all"));
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const mixed = await postMultipart(id, [{ index: 2, bytes: SAMPLES[1] }, { index: 3, bytes: SAMPLES[0].slice(0, 200) }]);
    expect(mixed.status).toBeGreaterThanOrEqual(400);
    expect(((await mixed.json()) as { frameIndex?: number }).frameIndex).toBe(3);
    const after = await getClip(id);
    expect(after.framesReceived).toBe(1);
    expect(after.descriptor).toEqual(before.descriptor);
    // The good frame of the failed request was not recorded: sending it now counts.
    expect(((await (await postRaw(id, 2, SAMPLES[1])).json()) as { frames: { duplicate: boolean }[] }).frames[0].duplicate).toBe(false);
  });

  it("group mode: every face of a frame, mean and std over faces then over frames", async () => {
    const id = await newClip({ mode: "group" });
    const res = (await (await postMultipart(id, [{ index: 0, bytes: SAMPLES[0] }, { index: 1, bytes: SAMPLES[4] }])).json()) as { frames: { faces: number; boxes: unknown[] }[] };
    expect(res.frames[0].faces).toBe(3); // sample1 has three faces
    expect(res.frames[0].boxes).toHaveLength(3);
    const clip = await getClip(id);
    expect(clip.framesWithFaces).toBe(2);
    const d = clip.descriptorDim / 4; // [mean, std] over frames of [mean, std] over faces
    const stdOverFacesMean = clip.descriptor.slice(d, 2 * d);
    expect(stdOverFacesMean.some((v) => v > 0)).toBe(true); // the faces of a frame differ
    expect(clip.descriptor.slice(2 * d).every((v) => v >= 0)).toBe(true);
  });

  it("trains a clip classifier on descriptors and serves it from the MODELS bucket", async () => {
    // Two-frame clips: pairs within samples 1-3 are "first", pairs within 4-6 are "second".
    const pairs = [[0, 1], [0, 2], [1, 2], [3, 4], [3, 5], [4, 5]];
    const rows = [];
    for (const pair of pairs) {
      const id = await newClip();
      await postMultipart(id, pair.map((i) => ({ index: i, bytes: SAMPLES[i] })));
      rows.push({ label: pair[0] < 3 ? "first" : "second", descriptor: (await getClip(id)).descriptor });
    }
    const cv = crossValidate(rows, 3);
    expect(cv.folds).toBe(3);
    const model = ClipClassifierSchema.parse({ id: "e2e-pairs", mode: "single", emotionModel: "emotion", cvAccuracy: cv.accuracy, ...fitLinear(rows) });
    await env.MODELS.put("classifiers/e2e-pairs.json", JSON.stringify(model));

    const id = await newClip({ classifier: "e2e-pairs" });
    await postMultipart(id, [{ index: 10, bytes: SAMPLES[1] }, { index: 20, bytes: SAMPLES[0] }]);
    const clip = await getClip(id);
    expect(clip.classifier).toMatchObject({ id: "e2e-pairs", label: "first" });
    expect(clip.classifier!.label).toBe(predictLabel(model, clip.descriptor));
    expect(clip.classifier!.scores.first + clip.classifier!.scores.second).toBeCloseTo(1, 3); // each rounded to 4 decimals
  });
});
