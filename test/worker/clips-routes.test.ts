import { env as workerEnv, exports as workerExports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env.ts";

const env = workerEnv as unknown as Env;
import { classifyDescriptor, type ClipClassifier } from "../../src/clips/classifier.ts";
import { clipStub, newClipId } from "../../src/clips/clip-id.ts";
import { frameDescriptor } from "../../src/clips/frame-descriptor.ts";
import { FACE_DIM, LAYOUT, rng, syntheticFace } from "./helpers/clip-synthetic.ts";
import { authHeaders } from "./helpers/auth.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Creating a clip with a classifier checks its emotion model against the
// manifest: the synthetic layout's model is added the user way (manifests/<id>.json),
// as a copy of the real emotion entry. No inference runs on it here.
beforeAll(async () => {
  await seedModels(workerEnv as unknown as SeedEnv);
  const manifest = (await (await env.MODELS.get("manifest.json"))!.json()) as { models: { id: string }[] };
  const emotion = manifest.models.find((m) => m.id === "emotion")!;
  await env.MODELS.put(`manifests/${LAYOUT.emotionModel}.json`, JSON.stringify({ ...emotion, id: LAYOUT.emotionModel }));
});

const BASE = "http://x";
const call = async (path: string, init: RequestInit = {}) =>
  (workerExports as unknown as { default: Fetcher }).default.fetch(`${BASE}${path}`, { ...init, headers: { ...(await authHeaders()), ...(init.headers as Record<string, string>) } });
const postJson = (path: string, body: unknown) => call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(await res.json()).toMatchObject({ code, status });
}

/** A synthetic linear classifier over 4·D single-mode descriptors (plumbing only). */
function syntheticClassifier(id: string): ClipClassifier {
  const r = rng(21);
  const dim = 4 * FACE_DIM;
  return {
    id, kind: "logistic", labels: ["negative", "positive"], mode: "single", emotionModel: LAYOUT.emotionModel, descriptorDim: dim,
    mean: Array.from({ length: dim }, () => 0.01 * r()), std: Array.from({ length: dim }, () => 0.5 + r()),
    weights: [0, 1].map(() => Array.from({ length: dim }, () => r() - 0.5)), bias: [0.1, -0.1],
  };
}

async function created(res: Response) {
  expect(res.status, res.status === 201 ? "" : await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; url: string; framesUrl: string; emotionModel: string | null; mode: string };
}

describe("clip routes", () => {
  it("create clips with unguessable ids and frame URLs", async () => {
    const a = await created(await postJson("/v1/clips", {}));
    const b = await created(await postJson("/v1/clips", { mode: "group" }));
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({ mode: "single", emotionModel: "emotion", url: `${BASE}/v1/clips/${a.id}`, framesUrl: `${BASE}/v1/clips/${a.id}/frames` });
    expect(b.mode).toBe("group");
    expect((await created(await call("/v1/clips", { method: "POST" }))).mode).toBe("single"); // no body: defaults
    const got = await call(`/v1/clips/${a.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id: a.id, framesReceived: 0, framesWithFaces: 0, emotion: null, classifier: null });
  });

  it("answer problems for bad options, unknown clips and malformed indices", async () => {
    await problem(await postJson("/v1/clips", { mode: "crowd" }), 400, "bad_options");
    await problem(await call(`/v1/clips/${newClipId()}`), 404, "not_found");
    await problem(await call("/v1/clips/not-an-id"), 400, "bad_options");
    await problem(await call(`/v1/clips/${newClipId()}/frames?index=0`, { method: "POST", body: new Uint8Array([1]) }), 404, "not_found");
    const { id } = await created(await postJson("/v1/clips", {}));
    const jpeg = { method: "POST", headers: { "content-type": "image/jpeg" }, body: new Uint8Array([0xff, 0xd8]) };
    await problem(await call(`/v1/clips/${id}/frames`, jpeg), 400, "bad_options");
    await problem(await call(`/v1/clips/${id}/frames?index=-1`, jpeg), 400, "bad_options");
    await problem(await call(`/v1/clips/${id}/frames?index=1.5`, jpeg), 400, "bad_options");
    const form = new FormData();
    form.append("frame", new File([new Uint8Array([1])], "a.jpg", { type: "image/jpeg" }));
    form.append("frame", new File([new Uint8Array([2])], "b.jpg", { type: "image/jpeg" }));
    form.append("index", "0");
    await problem(await call(`/v1/clips/${id}/frames`, { method: "POST", body: form }), 400, "bad_options");
    const noIndex = new FormData();
    noIndex.append("frame", new File([new Uint8Array([1])], "a.jpg", { type: "image/jpeg" }));
    await problem(await call(`/v1/clips/${id}/frames`, { method: "POST", body: noIndex }), 400, "bad_options");
    expect(await (await call(`/v1/clips/${id}`)).json()).toMatchObject({ framesReceived: 0 });
  });

  it("delete clips", async () => {
    const { id } = await created(await postJson("/v1/clips", {}));
    expect((await call(`/v1/clips/${id}`, { method: "DELETE" })).status).toBe(204);
    await problem(await call(`/v1/clips/${id}`), 404, "not_found");
    await problem(await call(`/v1/clips/${id}`, { method: "DELETE" }), 404, "not_found");
  });

  it("attach a classifier from the MODELS bucket and score the L2-normalised clip descriptor", async () => {
    const model = syntheticClassifier("synthetic-clip");
    await env.MODELS.put("classifiers/synthetic-clip.json", JSON.stringify(model));
    await problem(await postJson("/v1/clips", { classifier: "nope" }), 404, "unknown_model");
    await problem(await postJson("/v1/clips", { mode: "group", classifier: "synthetic-clip" }), 400, "bad_options");
    await problem(await postJson("/v1/clips", { classifier: "synthetic-clip", emotionModel: "other" }), 400, "bad_options");

    const clip = await created(await postJson("/v1/clips", { classifier: "synthetic-clip" }));
    expect(clip.emotionModel).toBe(LAYOUT.emotionModel);
    // Frames enter through the DO's RPC, as the frames route sends them after the pipeline.
    const stub = clipStub(env, clip.id);
    const r = rng(22);
    await stub.addFrames(Array.from({ length: 12 }, (_, index) => {
      const f = frameDescriptor("single", [syntheticFace(r)]);
      return { index, descriptor: f.descriptor, layout: f.layout };
    }));
    const body = (await (await call(`/v1/clips/${clip.id}?descriptor=1`)).json()) as Record<string, any>;
    const summary = (await stub.summary())!;
    expect(body.descriptor).toEqual(Array.from(summary.descriptor));
    expect(body).toMatchObject({ framesReceived: 12, framesWithFaces: 12, descriptorDim: 4 * FACE_DIM });
    expect(body.emotion).toMatchObject({ model: LAYOUT.emotionModel, label: summary.emotion!.label });
    for (const l of LAYOUT.labels) expect(body.emotion.scores[l]).toBeCloseTo(summary.emotion!.scores[l], 4);
    const expected = classifyDescriptor(model, summary.descriptor);
    expect(body.classifier).toMatchObject({ basis: "faces", label: expected.label });
    for (const l of model.labels) expect(body.classifier.scores[l]).toBeCloseTo(expected.scores[l], 4);
    expect((await (await call(`/v1/clips/${clip.id}`)).json()) as object).not.toHaveProperty("descriptor");
  });

  it("classify a clip without faces on the zero descriptor", async () => {
    const model = syntheticClassifier("synthetic-zero");
    await env.MODELS.put("classifiers/synthetic-zero.json", JSON.stringify(model));
    const clip = await created(await postJson("/v1/clips", { classifier: "synthetic-zero" }));
    await clipStub(env, clip.id).addFrames([{ index: 0, descriptor: null }, { index: 1, descriptor: null }]);
    const body = (await (await call(`/v1/clips/${clip.id}?descriptor=1`)).json()) as Record<string, any>;
    expect(body).toMatchObject({ framesReceived: 2, framesWithFaces: 0, framesWithoutFaces: 2, emotion: null, descriptorDim: model.descriptorDim });
    expect(body.descriptor.every((v: number) => v === 0)).toBe(true);
    expect(body.classifier).toMatchObject({ id: "synthetic-zero", basis: "no-face", label: classifyDescriptor(model, new Float32Array(model.descriptorDim)).label });
  });

  it("document the routes in the OpenAPI description", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, any> };
    const frames = doc.paths["/v1/clips/{id}/frames"].post;
    expect(Object.keys(frames.requestBody.content)).toEqual(expect.arrayContaining(["multipart/form-data", "image/jpeg"]));
    expect(doc.paths["/v1/clips/{id}"]).toHaveProperty("get");
    expect(doc.paths["/v1/clips/{id}"]).toHaveProperty("delete");
  });
});
