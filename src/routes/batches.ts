import { z } from "@hono/zod-openapi";
import type { BatchEnv } from "../batches/env.ts";
import type { BatchMessage } from "../batches/messages.ts";
import { BatchOptionsSchema } from "../batches/options.ts";
import { resultsKey } from "../batches/results.ts";
import { isRandomHex, randomHex } from "../core/crypto.ts";
import { isUploadKey, UPLOAD_PREFIX } from "../uploads/upload-keys.ts";
import { listObjects } from "../core/list-objects.ts";
import { bodyCap, BODY_LIMITS } from "../http/body.ts";
import { FaceflareError } from "../core/errors.ts";
import { newRouter } from "../http/router.ts";
import { enforce } from "../auth/limit-problem.ts";
import { limiterFor } from "../auth/limiter-object.ts";
import { json, jsonResponse, protectedErrors, route } from "../http/openapi.ts";
import { assertOwner, callerId } from "../auth/ownership.ts";
import { groupOf, uploadOwner } from "../uploads/owner.ts";
import type { Context } from "hono";
import type { AppBindings } from "../env.ts";

export const MAX_BATCH_IMAGES = 10_000;

const CreateBatch = z
  .object({
    keys: z.array(z.string()).min(1).max(MAX_BATCH_IMAGES).optional().openapi({ description: "Keys returned by POST /v1/uploads." }),
    prefix: z.string().startsWith(UPLOAD_PREFIX).optional().openapi({ description: "Every uploaded key under this prefix (e.g. a slot response's `prefix`)." }),
    options: BatchOptionsSchema.default(BatchOptionsSchema.parse({})),
    webhook: z
      .object({
        url: z.string().url().refine((u) => /^https?:\/\//.test(u), "must be http(s)"),
        secret: z.string().min(16).max(256).optional().openapi({ description: "HMAC key for the notice's signature; generated and returned if absent." }),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => (b.keys ? 1 : 0) + (b.prefix ? 1 : 0) === 1, "give exactly one of `keys` or `prefix`")
  .openapi("CreateBatch", { example: { prefix: "uploads/0123456789abcdef0123456789abcdef/", options: { tasks: ["emotion", "age", "gender"] } } });

const Progress = z
  .object({
    id: z.string(),
    status: z.enum(["running", "completed"]),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    pending: z.number().int(),
    createdAt: z.string(),
    completedAt: z.string().optional(),
    options: BatchOptionsSchema.openapi({ description: "The options every image is analysed with, defaults filled in (as POST answered)." }),
    webhook: z.object({ delivered: z.boolean(), attempts: z.number().int() }).optional(),
    links: z.object({ self: z.string(), results: z.string().nullable() }),
  })
  .openapi("BatchProgress");

const Created = z
  .object({
    id: z.string(),
    total: z.number().int(),
    options: BatchOptionsSchema.openapi({ description: "The options every image is analysed with, defaults filled in (as GET answers)." }),
    links: z.object({ self: z.string(), results: z.string() }),
    webhookSecret: z.string().optional(),
  })
  .openapi("BatchCreated");

const IdParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "0123456789abcdef0123456789abcdef" }) });

const create = route("post", "/v1/batches", "batches", {
  operationId: "createBatch",
  summary: "Start analysing uploaded images",
  middleware: [bodyCap(BODY_LIMITS.batch)],
  request: { body: { required: true, content: json(CreateBatch) } },
  responses: { 202: jsonResponse("Batch accepted", Created), ...protectedErrors("bad_options", "bad_request", "not_found") },
});

const get = route("get", "/v1/batches/{id}", "batches", {
  operationId: "getBatch",
  summary: "Batch progress",
  request: { params: IdParam },
  responses: { 200: jsonResponse("Progress", Progress), ...protectedErrors("not_found") },
});

const remove = route("delete", "/v1/batches/{id}", "batches", {
  operationId: "deleteBatch",
  summary: "Delete a batch: its uploaded images, per-image results, results.jsonl and progress",
  description: "A running batch stops: images still queued are dropped. The batch no longer counts against the key's concurrent-batch limit.",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...protectedErrors("not_found") },
});

const results = route("get", "/v1/batches/{id}/results.jsonl", "batches", {
  operationId: "getBatchResults",
  summary: "Results, one JSON object per image in upload order",
  request: { params: IdParam },
  responses: { 200: { description: "JSON Lines", content: { "application/x-ndjson": { schema: z.string() } } }, ...protectedErrors("not_found", "conflict") },
});

async function uploadKeysUnder(bucket: R2Bucket, prefix: string): Promise<string[]> {
  const objects = await listObjects(bucket, prefix, MAX_BATCH_IMAGES + 1).catch(() => {
    throw new FaceflareError("bad_request", `More than ${MAX_BATCH_IMAGES} objects under ${prefix}.`);
  });
  return objects.map((o) => o.key).filter(isUploadKey);
}

const stubFor = (env: BatchEnv, id: string) => env.BATCHES.get(env.BATCHES.idFromName(id));

/** The batch's Durable Object, once the caller is known to own it (404 otherwise, as for a missing batch). */
async function ownedBatch(c: Context<AppBindings>, id: string) {
  const stub = stubFor(c.env, id);
  assertOwner(c, isRandomHex(id) ? await stub.ownerOf() : null, "batch");
  return stub;
}

/** Every key must be an upload of the caller's; anything else reads as missing. */
async function assertOwnUploads(c: Context<AppBindings>, keys: string[]): Promise<void> {
  for (const group of new Set(keys.map(groupOf))) {
    const marker = await uploadOwner(c.env.UPLOADS, group);
    if (marker?.owner !== callerId(c)) throw new FaceflareError("not_found", `No uploaded objects under ${UPLOAD_PREFIX}${group}/.`);
  }
}

export function batchRoutes() {
  const r = newRouter();

  r.openapi(create, async (c) => {
    const env = c.env;
    const body = c.req.valid("json");
    // A prefix is one slot group's: the bucket is shared by every key, never listed wider.
    if (body.prefix && !/^uploads\/[0-9a-f]{32}\/$/.test(body.prefix)) throw new FaceflareError("bad_request", "`prefix` must be the `prefix` of one POST /v1/uploads answer.");
    const keys = body.keys ? [...new Set(body.keys)] : await uploadKeysUnder(env.UPLOADS, body.prefix!);
    const bad = keys.find((k) => !isUploadKey(k));
    if (bad) throw new FaceflareError("bad_request", `Not an upload key: ${bad}`);
    if (keys.length === 0) throw new FaceflareError("not_found", `No uploaded objects under ${body.prefix}.`);
    await assertOwnUploads(c, keys);

    const id = randomHex();
    const owner = callerId(c);
    enforce(await limiterFor(env.LIMITER, owner).acquireBatch(id, c.get("apiKey").limits.concurrentBatches));
    const webhookSecret = body.webhook ? (body.webhook.secret ?? randomHex(32)) : undefined;
    const webhook = body.webhook && webhookSecret ? { url: body.webhook.url, secret: webhookSecret } : undefined;
    await stubFor(env, id).init({ id, total: keys.length, options: body.options, webhook, createdAt: new Date().toISOString(), owner }, keys);

    const messages: MessageSendRequest<BatchMessage>[] = keys.map((key, index) => ({ body: { batchId: id, index, key, options: body.options } }));
    for (let i = 0; i < messages.length; i += 100) await env.BATCH_QUEUE.sendBatch(messages.slice(i, i + 100));

    const self = new URL(`/v1/batches/${id}`, c.req.url).toString();
    return c.json(
      { id, total: keys.length, options: body.options, links: { self, results: `${self}/results.jsonl` }, ...(body.webhook && !body.webhook.secret ? { webhookSecret } : {}) },
      202,
    );
  });

  r.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const progress = (await (await ownedBatch(c, id)).progress())!;
    const self = new URL(`/v1/batches/${id}`, c.req.url).toString();
    return c.json({ ...progress, links: { self, results: progress.status === "completed" ? `${self}/results.jsonl` : null } }, 200);
  });

  r.openapi(results, async (c) => {
    const { id } = c.req.valid("param");
    await ownedBatch(c, id);
    const object = await c.env.UPLOADS.get(resultsKey(id));
    if (!object) throw new FaceflareError("conflict", "The batch is still running.");
    return new Response(object.body, { headers: { "content-type": "application/x-ndjson; charset=utf-8", etag: object.httpEtag } }) as never;
  });

  r.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    await (await ownedBatch(c, id)).purge();
    return c.body(null, 204);
  });

  return r;
}
