import { registryFor } from "../service/analyze.ts";
import { modelForTask } from "../pipeline/face-analysis.ts";
import type { Env } from "../env.ts";
import { analyzeFrame, type AnalyzedFrame } from "../clips/analyze-frame.ts";
import { classifyDescriptor, type ClassifierResult } from "../clips/classifier.ts";
import { loadClassifier } from "../clips/classifier-store.ts";
import { clipStub, newClipId } from "../clips/clip-id.ts";
import { readFrames, type FrameInput } from "./clips-frames.ts";
import { bodyCap, BODY_LIMITS, imageBodyContent } from "../http/body.ts";
import { FaceflareError } from "../core/errors.ts";
import { topLabel } from "../core/math.ts";
import { newRouter } from "../http/router.ts";
import * as S from "./clips-schemas.ts";
import { assertOwner, callerId } from "../auth/ownership.ts";
import { limitProblem } from "../auth/limit-problem.ts";
import { chargeUndeclaredBytes } from "../auth/middleware.ts";
import { json, jsonResponse, protectedErrors, route } from "../http/openapi.ts";
import { idempotent, IdempotencyHeaders } from "../http/idempotency.ts";
import { ownerObject } from "../owner/owner-object.ts";

const CLIP = "clip (it may have expired or been deleted)";
const framesLimit = (max: number) => limitProblem("framesPerClip", max, 60, "Start a new clip for more frames.");

const iso = (ms: number) => new Date(ms).toISOString();

const createClip = route("post", "/v1/clips", "clips", {
  operationId: "createClip",
  summary: "Start a clip (video emotion from frames)",
  middleware: [bodyCap(BODY_LIMITS.json), idempotent()],
  request: { headers: IdempotencyHeaders, body: { required: false, content: json(S.CreateClipSchema) } }, // no body: a single-mode clip
  responses: {
    201: { ...jsonResponse("Clip created", S.ClipCreatedSchema), headers: { location: { description: "URL of the new clip", schema: { type: "string" } } } },
    ...protectedErrors("bad_options", "unknown_model", "bad_request", "conflict", "idempotency_mismatch"),
  },
});

const postFrames = route("post", "/v1/clips/{id}/frames", "clips", {
  operationId: "addClipFrames",
  summary: "Add frames to a clip",
  description:
    "Either one image as the raw body with `?index=N`, or multipart/form-data with `frame` files and one `index` per file. " +
    `At most ${S.MAX_FRAMES_PER_REQUEST} frames per request; frames may arrive in any order and concurrently; a retried index is counted once. ` +
    "If any frame is bad, none of the request's frames is added.",
  middleware: [bodyCap(BODY_LIMITS.image)],
  request: {
    params: S.ClipIdParams,
    query: S.FramesQuerySchema,
    body: {
      required: false,
      // Plain OpenAPI schemas (not zod) so the body is not gated by content type:
      // readFrames validates the form itself and the pipeline judges images, as /v1/analyze does.
      content: { "multipart/form-data": { schema: S.FRAMES_FORM_OPENAPI }, ...imageBodyContent() },
    },
  },
  responses: {
    200: jsonResponse("Per-frame results and the clip's counters", S.FramesResponseSchema),
    ...protectedErrors("bad_options", "bad_request", "not_found", "conflict", "not_an_image", "unsupported_type", "corrupt_image", "too_large", "too_many_pixels", "unknown_model"),
  },
});

const getClip = route("get", "/v1/clips/{id}", "clips", {
  operationId: "getClip",
  summary: "Clip emotion, classifier result and (optionally) descriptor",
  request: { params: S.ClipIdParams, query: S.ClipQuerySchema },
  responses: { 200: jsonResponse("The clip", S.ClipSchema), ...protectedErrors("bad_options", "not_found") },
});

const deleteClip = route("delete", "/v1/clips/{id}", "clips", {
  operationId: "deleteClip",
  summary: "Delete a clip and all it stored",
  description: "Frames are never stored as images; a clip keeps only running statistics of its frame descriptors, and DELETE removes them.",
  request: { params: S.ClipIdParams },
  responses: { 204: { description: "Deleted" }, ...protectedErrors("bad_options", "not_found") },
});

async function requireClassifier(env: Env, id: string) {
  const model = await loadClassifier(env.MODELS, id).catch((err: Error) => {
    throw new FaceflareError("unavailable", `Clip classifier "${id}" is malformed: ${err.message}`);
  });
  if (!model) throw new FaceflareError("unknown_model", `No clip classifier "${id}" (MODELS bucket, classifiers/${id}.json).`);
  return model;
}

/** Analyse every frame first: one bad frame fails the request before the clip changes. */
async function analyzeAll(env: Env, frames: FrameInput[], mode: "single" | "group", emotionModel: string | null): Promise<AnalyzedFrame[]> {
  const out: AnalyzedFrame[] = [];
  for (const f of frames) {
    try {
      out.push(await analyzeFrame(env, f.bytes, mode, emotionModel));
    } catch (err) {
      if (err instanceof FaceflareError) throw new FaceflareError(err.code, `frame ${f.index}: ${err.detail ?? err.code}`, { ...err.extra, frameIndex: f.index });
      throw err;
    }
  }
  return out;
}

const frameEmotion = (f: AnalyzedFrame) => (f.probs && f.layout ? topLabel(f.layout.labels, f.probs) : null);

export function clipRoutes() {
  const app = newRouter();

  app.openapi(createClip, async (c) => {
    // Without a JSON body the validator is skipped: apply the schema's defaults here.
    const body: S.CreateClip = S.CreateClipSchema.parse(c.req.valid("json") ?? {});
    let emotionModel = body.emotionModel ?? null;
    if (body.classifier) {
      const model = await requireClassifier(c.env, body.classifier);
      if (model.mode !== body.mode) throw new FaceflareError("bad_options", `Classifier "${model.id}" is for ${model.mode} clips, not ${body.mode}.`);
      if (emotionModel && emotionModel !== model.emotionModel) {
        throw new FaceflareError("bad_options", `Classifier "${model.id}" was trained on ${model.emotionModel} descriptors, not ${emotionModel}.`);
      }
      emotionModel ??= model.emotionModel;
    }
    if (emotionModel) {
      // Refuse an unknown or non-emotion model now, not on the first frame.
      await modelForTask(registryFor(c.env), emotionModel, "emotion");
    }
    const id = newClipId();
    const info = await clipStub(c.env, id).create({ mode: body.mode, emotionModel, classifier: body.classifier ?? null, owner: callerId(c) });
    if (!info) throw new FaceflareError("conflict", "Clip id collision; try again.");
    await ownerObject(c.env, callerId(c)).addResource("clip", id, info.createdAt); // for GET /v1/clips
    const url = new URL(`/v1/clips/${id}`, c.req.url).href;
    c.header("location", url);
    return c.json(
      { id, mode: info.mode, emotionModel, classifier: info.classifier, url, framesUrl: `${url}/frames`, expiresAt: iso(info.expiresAt) },
      201,
    );
  });

  app.openapi(postFrames, async (c) => {
    const { id } = c.req.valid("param");
    const stub = clipStub(c.env, id);
    const info = await stub.info();
    assertOwner(c, info?.owner, CLIP);
    const maxFrames = c.get("apiKey").limits.framesPerClip;
    if (info!.framesReceived >= maxFrames) throw framesLimit(maxFrames); // before any analysis
    const frames = await readFrames(c.req.raw, c.req.valid("query").index);
    await chargeUndeclaredBytes(c, frames.reduce((n, f) => n + f.bytes.byteLength, 0));
    const analyzed = await analyzeAll(c.env, frames, info!.mode, info!.layout?.emotionModel ?? info!.requestedEmotionModel);
    const res = await stub.addFrames(analyzed.map((a, i) => ({ index: frames[i].index, descriptor: a.descriptor, layout: a.layout })), maxFrames);
    if (!res.ok) throw res.code === "too_many_frames" ? framesLimit(res.max) : new FaceflareError(res.code, res.detail);
    return c.json(
      {
        id,
        framesReceived: res.info.framesReceived,
        framesWithFaces: res.info.framesWithFaces,
        frames: res.frames.map((r, i) => ({ index: r.index, duplicate: r.duplicate, faces: analyzed[i].faces, boxes: analyzed[i].boxes, emotion: frameEmotion(analyzed[i]) })),
      },
      200,
    );
  });

  app.openapi(getClip, async (c) => {
    const { id } = c.req.valid("param");
    const withDescriptor = ["1", "true"].includes(c.req.valid("query").descriptor ?? "");
    const summary = await clipStub(c.env, id).summary();
    assertOwner(c, summary?.info.owner, CLIP);
    const { info } = summary!;
    let descriptor: ArrayLike<number> = summary!.descriptor;
    const warnings: string[] = [];
    let classifier: ClassifierResult | null = null;
    if (info.classifier) {
      const model = await requireClassifier(c.env, info.classifier).catch((e: FaceflareError) => (warnings.push(e.detail ?? e.code), null));
      const clipModel = info.layout?.emotionModel ?? info.requestedEmotionModel;
      if (descriptor.length === 0 && model) descriptor = new Float32Array(model.descriptorDim); // faceless clip: zero descriptor
      if (model && clipModel && clipModel !== model.emotionModel) warnings.push(`Classifier "${model.id}" expects ${model.emotionModel} descriptors; the clip used ${clipModel}.`);
      else if (model && model.descriptorDim !== descriptor.length) warnings.push(`Classifier "${model.id}" expects ${model.descriptorDim} values; the clip descriptor has ${descriptor.length}.`);
      else if (model) classifier = classifyDescriptor(model, descriptor);
    }
    return c.json(
      {
        id,
        mode: info.mode,
        emotionModel: info.layout?.emotionModel ?? info.requestedEmotionModel,
        framesReceived: info.framesReceived,
        framesWithFaces: info.framesWithFaces,
        framesWithoutFaces: info.framesReceived - info.framesWithFaces,
        emotion: summary!.emotion,
        classifier,
        descriptorDim: descriptor.length,
        ...(withDescriptor ? { descriptor: Array.from(descriptor) } : {}),
        createdAt: iso(info.createdAt),
        expiresAt: iso(info.expiresAt),
        ...(warnings.length ? { warnings } : {}),
      },
      200,
    );
  });

  app.openapi(deleteClip, async (c) => {
    const { id } = c.req.valid("param");
    const stub = clipStub(c.env, id);
    assertOwner(c, (await stub.info())?.owner, CLIP);
    await stub.remove();
    return c.body(null, 204);
  });

  return app;
}
