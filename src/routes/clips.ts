import { registryFor } from "../service/analyze.ts";
import { modelForTask } from "../pipeline/face-analysis.ts";
import type { Env } from "../env.ts";
import { analyzeFrame, type AnalyzedFrame } from "../clips/analyze-frame.ts";
import { classifierAnswer, type ClassifierAnswer } from "../clips/classifier-answer.ts";
import { loadClassifier } from "../clips/classifier-store.ts";
import { clipStub, newClipId } from "../clips/clip-id.ts";
import type { ClipObject } from "../clips/clip-object.ts";
import { duplicateFrameJson, frameJson } from "../clips/frame-json.ts";
import { emotionJson } from "../tasks/answer.ts";
import { isMultipart, rawFrameIndex, readFrames, type FrameInput } from "./clips-frames.ts";
import { bodyCap, BODY_LIMITS, imageBodyContent } from "../http/body.ts";
import { FaceflareError } from "../core/errors.ts";
import { newRouter } from "../http/router.ts";
import * as S from "./clips-schemas.ts";
import { assertOwner, callerId } from "../auth/ownership.ts";
import { limitProblem } from "../auth/limit-problem.ts";
import { chargeAcceptedBytes, ROUTE_CHARGES_BODY } from "../auth/middleware.ts";
import { json, jsonResponse, protectedErrors, route } from "../http/openapi.ts";
import { idempotent, IdempotencyHeaders } from "../http/idempotency.ts";
import { ownerObject } from "../owner/owner-object.ts";

const CLIP = "clip (it may have expired or been deleted)";
// No Retry-After: the clip's frame count never goes down.
const framesLimit = (max: number) => limitProblem("framesPerClip", max, null, "Start a new clip for more frames.");

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
    "Either one image as the raw body with `?index=N`, or multipart/form-data with `image` files (`frame` is a deprecated alias) and one `index` per file. " +
    `At most ${S.MAX_FRAMES_PER_REQUEST} frames per request; frames may arrive in any order and concurrently. ` +
    "A retried index is a duplicate: answered `duplicate: true` (also at the frames-per-clip limit) and not analysed, charged or counted again. " +
    "New frames over the key's frames-per-clip limit are refused (429, no Retry-After: the limit never lifts) before any analysis; " +
    "the key's bytes per day are charged for the new frames only. If any new frame is bad, none of the request's frames is added.",
  middleware: [bodyCap(BODY_LIMITS.image)],
  ...ROUTE_CHARGES_BODY,
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

/**
 * The check before any work: which frames are new to the clip, refusing the
 * request (adding nothing) if they would pass the key's frames-per-clip limit.
 * A request of duplicates only passes, even at the limit.
 */
async function screenFrames(stub: DurableObjectStub<ClipObject>, indices: number[], maxFrames: number) {
  const screened = await stub.screen(indices);
  if (!screened) throw new FaceflareError("not_found", `No such ${CLIP}.`);
  if (screened.fresh.length > 0 && screened.info.framesReceived + screened.fresh.length > maxFrames) throw framesLimit(maxFrames);
  return screened;
}

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
    // The default is resolved now and kept, so the clip's frames agree even if the manifest's default changes.
    const registry = registryFor(c.env);
    emotionModel ??= (await registry.manifest()).defaults.emotion;
    // Refuse an unknown or non-emotion model now, not on the first frame.
    await modelForTask(registry, emotionModel, "emotion");
    const id = newClipId();
    const info = await clipStub(c.env, id).create({ mode: body.mode, emotionModel, classifier: body.classifier ?? null, owner: callerId(c), noFaceLabel: body.noFaceLabel });
    if (!info) throw new FaceflareError("conflict", "Clip id collision; try again.");
    await ownerObject(c.env, callerId(c)).addResource("clip", id, info.createdAt); // for GET /v1/clips
    const url = new URL(`/v1/clips/${id}`, c.req.url).href;
    c.header("location", url);
    return c.json(
      { id, mode: info.mode, emotionModel, noFaceLabel: info.noFaceLabel, classifier: info.classifier, url, framesUrl: `${url}/frames`, expiresAt: iso(info.expiresAt) },
      201,
    );
  });

  app.openapi(postFrames, async (c) => {
    // Cheapest first: ownership, the frames-per-clip limit and duplicates, then bytes charged, then analysis.
    const { id } = c.req.valid("param");
    const stub = clipStub(c.env, id);
    assertOwner(c, (await stub.info())?.owner, CLIP);
    const maxFrames = c.get("apiKey").limits.framesPerClip;
    const queryIndex = c.req.valid("query").index;
    if (!isMultipart(c.req.raw)) {
      // A raw frame's index is known before its body is read.
      const early = await screenFrames(stub, [rawFrameIndex(queryIndex)], maxFrames);
      if (early.fresh.length === 0) {
        await c.req.raw.body?.cancel().catch(() => {});
        return c.json({ id, framesReceived: early.info.framesReceived, framesWithFaces: early.info.framesWithFaces, frames: [duplicateFrameJson(Number(queryIndex))] }, 200);
      }
    }
    const frames = await readFrames(c.req.raw, queryIndex);
    const screened = await screenFrames(stub, frames.map((f) => f.index), maxFrames);
    const fresh = new Set(screened.fresh);
    const accepted = frames.filter((f) => fresh.delete(f.index)); // first occurrence of each new index
    await chargeAcceptedBytes(c, accepted.reduce((n, f) => n + f.bytes.byteLength, 0));
    const info = screened.info;
    const analyzed = await analyzeAll(c.env, accepted, info.mode, info.layout?.emotionModel ?? info.requestedEmotionModel);
    let counts = { framesReceived: info.framesReceived, framesWithFaces: info.framesWithFaces };
    const added = new Map<FrameInput, ReturnType<typeof frameJson>>();
    if (accepted.length) {
      const res = await stub.addFrames(accepted.map((f, i) => ({ index: f.index, descriptor: analyzed[i].descriptor, layout: analyzed[i].layout })), maxFrames);
      if (!res.ok) throw res.code === "too_many_frames" ? framesLimit(res.max) : new FaceflareError(res.code, res.detail);
      counts = { framesReceived: res.info.framesReceived, framesWithFaces: res.info.framesWithFaces };
      // A concurrent request may have added an index since the screen: then it is a duplicate here.
      res.frames.forEach((r, i) => !r.duplicate && added.set(accepted[i], frameJson(r.index, analyzed[i])));
    }
    return c.json({ id, ...counts, frames: frames.map((f) => added.get(f) ?? duplicateFrameJson(f.index)) }, 200);
  });

  app.openapi(getClip, async (c) => {
    const { id } = c.req.valid("param");
    const withDescriptor = ["1", "true"].includes(c.req.valid("query").descriptor ?? "");
    const summary = await clipStub(c.env, id).summary();
    assertOwner(c, summary?.info.owner, CLIP);
    const { info } = summary!;
    let descriptor: ArrayLike<number> = summary!.descriptor;
    const warnings: string[] = [];
    let classifier: ClassifierAnswer | null = null;
    const emotionModel = info.layout?.emotionModel ?? info.requestedEmotionModel ?? (await registryFor(c.env).manifest()).defaults.emotion; // null: a clip made before defaults were resolved at creation
    if (info.classifier) {
      const model = await requireClassifier(c.env, info.classifier).catch((e: FaceflareError) => (warnings.push(e.detail ?? e.code), null));
      if (descriptor.length === 0 && model) descriptor = new Float32Array(model.descriptorDim); // faceless clip: zero descriptor
      if (model && emotionModel !== model.emotionModel) warnings.push(`Classifier "${model.id}" expects ${model.emotionModel} descriptors; the clip used ${emotionModel}.`);
      else if (model && model.descriptorDim !== descriptor.length) warnings.push(`Classifier "${model.id}" expects ${model.descriptorDim} values; the clip descriptor has ${descriptor.length}.`);
      else if (model) classifier = classifierAnswer(model, descriptor, info.framesWithFaces, info.noFaceLabel);
    }
    const emotion = summary!.emotion && emotionJson({ model: emotionModel, labels: Object.keys(summary!.emotion.scores), probs: Float32Array.from(Object.values(summary!.emotion.scores)) });
    return c.json(
      {
        id,
        mode: info.mode,
        emotionModel,
        noFaceLabel: info.noFaceLabel,
        framesReceived: info.framesReceived,
        framesWithFaces: info.framesWithFaces,
        framesWithoutFaces: info.framesReceived - info.framesWithFaces,
        emotion,
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
