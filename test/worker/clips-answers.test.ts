/// <reference types="vite/client" />
import { env as workerEnv, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import noFace from "../fixtures/no-face.jpg?inline";
import type { Env } from "../../src/env.ts";
import { classifyDescriptor, type ClipClassifier } from "../../src/clips/classifier.ts";
import { authHeaders } from "./helpers/auth.ts";
import { rng } from "./helpers/clip-synthetic.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";
import { fromDataUrl } from "./image-helpers.ts";

// What clip answers look like: frames rounded as /v1/analyze rounds (issue 14),
// the defaults POST echoes are the ones GET shows (issue 14), and a clip with
// no face says so beside its classifier label (issue 17).
const env = workerEnv as unknown as Env;
const NO_FACE = fromDataUrl(noFace);
const call = async (path: string, init: RequestInit = {}) =>
  exports.default.fetch(`http://faceflare.test${path}`, { ...init, headers: { ...(await authHeaders()), ...(init.headers as Record<string, string>) } });
const postJson = (path: string, body: unknown) => call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const postRaw = (id: string, index: number, bytes: Uint8Array) =>
  call(`/v1/clips/${id}/frames?index=${index}`, { method: "POST", headers: { "content-type": "image/jpeg" }, body: bytes as BufferSource });

beforeAll(async () => {
  await seedModels(workerEnv as unknown as SeedEnv);
});

type Box = { x: number; y: number; width: number; height: number };
type Emotion = { model: string; label: string; scores: Record<string, number> };
const area = (b: Box) => b.width * b.height;
const isRounded = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits === v;

async function createClip(body: object = {}) {
  const res = await postJson("/v1/clips", body);
  expect(res.status).toBe(201);
  return (await res.json()) as Record<string, any> & { id: string };
}

/** A linear classifier over the real emotion model's single-mode descriptors of `dim` values (plumbing only: random weights). */
function randomClassifier(id: string, dim: number): ClipClassifier {
  const r = rng(7);
  return {
    id, kind: "logistic", labels: ["calm", "lively"], mode: "single", emotionModel: "emotion", descriptorDim: dim,
    mean: Array.from({ length: dim }, () => 0.01 * (r() - 0.5)), std: Array.from({ length: dim }, () => 0.5 + r()),
    weights: [0, 1].map(() => Array.from({ length: dim }, () => r() - 0.5)), bias: [0.3, -0.3],
  };
}

describe("clip answers", () => {
  it("a frame's emotion and box are the /v1/analyze answer for the same face, rounded the same way", async () => {
    const photo = SAMPLE_PHOTOS[1];
    const analyzed = (await (await call("/v1/analyze?tasks=emotion", { method: "POST", headers: { "content-type": "image/jpeg" }, body: photo as BufferSource })).json()) as { faces: { box: Box; emotion: Emotion }[] };
    const largest = analyzed.faces.reduce((a, b) => (area(b.box) > area(a.box) ? b : a));
    const { id } = await createClip();
    const frame = ((await (await postRaw(id, 0, photo)).json()) as { frames: { boxes: Box[]; emotion: Emotion }[] }).frames[0];
    expect(frame.boxes).toEqual([largest.box]);
    expect(frame.emotion).toEqual(largest.emotion);
    for (const v of Object.values(frame.emotion.scores)) expect(isRounded(v, 4)).toBe(true);

    const clip = (await (await call(`/v1/clips/${id}`)).json()) as { emotion: Emotion };
    expect(clip.emotion).toEqual(largest.emotion); // one frame: the clip's mean is that frame's
    const group = await createClip({ mode: "group" });
    const g = ((await (await postRaw(group.id, 0, photo)).json()) as { frames: { boxes: Box[]; emotion: Emotion }[] }).frames[0];
    expect(g.boxes).toHaveLength(analyzed.faces.length);
    for (const v of Object.values(g.emotion.scores)) expect(isRounded(v, 4)).toBe(true);
    for (const b of g.boxes) for (const v of Object.values(b)) expect(isRounded(v, 1)).toBe(true);
  });

  it("POST /v1/clips answers the defaults GET shows: the manifest's emotion model, the no-face rule", async () => {
    const models = (await (await call("/v1/models")).json()) as { defaults: Record<string, string> };
    const created = await createClip();
    expect(created).toMatchObject({ mode: "single", emotionModel: models.defaults.emotion, classifier: null, noFaceLabel: "zero-descriptor" });
    const got = (await (await call(`/v1/clips/${created.id}`)).json()) as Record<string, unknown>;
    for (const k of ["mode", "emotionModel", "noFaceLabel"]) expect(got[k]).toEqual(created[k]);
    const none = await createClip({ noFaceLabel: "none" });
    expect(none.noFaceLabel).toBe("none");
    expect(((await (await call(`/v1/clips/${none.id}`)).json()) as Record<string, unknown>).noFaceLabel).toBe("none");
  });

  it("a clip without faces marks its classifier label basis: \"no-face\" (the zero descriptor's prediction), or gives none if asked", async () => {
    // The real emotion model's single-mode descriptor length, from one real frame.
    const probe = await createClip();
    await postRaw(probe.id, 0, SAMPLE_PHOTOS[0]);
    const dim = ((await (await call(`/v1/clips/${probe.id}`)).json()) as { descriptorDim: number }).descriptorDim;
    const model = randomClassifier("answers-random", dim);
    await env.MODELS.put(`classifiers/${model.id}.json`, JSON.stringify(model));

    const faceless = await createClip({ classifier: model.id });
    expect(faceless.noFaceLabel).toBe("zero-descriptor");
    for (const i of [0, 1]) expect((await postRaw(faceless.id, i, NO_FACE)).status).toBe(200);
    const zero = classifyDescriptor(model, new Float32Array(dim));
    const a = (await (await call(`/v1/clips/${faceless.id}`)).json()) as Record<string, any>;
    expect(a).toMatchObject({ framesReceived: 2, framesWithFaces: 0, emotion: null });
    expect(a.classifier).toMatchObject({ id: model.id, basis: "no-face", label: zero.label });

    const withFaces = await createClip({ classifier: model.id });
    await postRaw(withFaces.id, 0, SAMPLE_PHOTOS[0]);
    await postRaw(withFaces.id, 1, NO_FACE);
    const b = (await (await call(`/v1/clips/${withFaces.id}`)).json()) as Record<string, any>;
    expect(b.classifier).toMatchObject({ id: model.id, basis: "faces" });

    const asked = await createClip({ classifier: model.id, noFaceLabel: "none" });
    await postRaw(asked.id, 0, NO_FACE);
    const c = (await (await call(`/v1/clips/${asked.id}`)).json()) as Record<string, any>;
    expect(c.classifier).toEqual({ id: model.id, basis: "no-face", label: null, scores: null });
    await postRaw(asked.id, 1, SAMPLE_PHOTOS[0]); // a face arrives: a label again
    const d = (await (await call(`/v1/clips/${asked.id}`)).json()) as Record<string, any>;
    expect(d.classifier).toMatchObject({ id: model.id, basis: "faces" });
    expect(typeof d.classifier.label).toBe("string");
  });

  it("classifier scores are rounded as the rest of the answer; the descriptor is not", async () => {
    const probe = await createClip();
    await postRaw(probe.id, 0, SAMPLE_PHOTOS[2]);
    const dim = ((await (await call(`/v1/clips/${probe.id}`)).json()) as { descriptorDim: number }).descriptorDim;
    const model = randomClassifier("answers-rounding", dim);
    await env.MODELS.put(`classifiers/${model.id}.json`, JSON.stringify(model));
    const { id } = await createClip({ classifier: model.id });
    await postRaw(id, 0, SAMPLE_PHOTOS[2]);
    await postRaw(id, 1, SAMPLE_PHOTOS[0]);
    const clip = (await (await call(`/v1/clips/${id}?descriptor=1`)).json()) as { classifier: { label: string; scores: Record<string, number> }; descriptor: number[] };
    for (const v of Object.values(clip.classifier.scores)) expect(isRounded(v, 4)).toBe(true);
    const exact = classifyDescriptor(model, clip.descriptor);
    expect(clip.classifier.label).toBe(exact.label);
    for (const l of model.labels) expect(clip.classifier.scores[l]).toBeCloseTo(exact.scores[l], 4);
    expect(clip.descriptor.some((v) => !isRounded(v, 4))).toBe(true);
  });
});
