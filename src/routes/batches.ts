import { z } from "@hono/zod-openapi";
import type { BatchEnv } from "../batches/env.ts";
import { MAX_BATCH_GROUPS, MAX_BATCH_IMAGES, verifiedUploadKeys } from "../batches/batch-uploads.ts";
import type { BatchProgress } from "../batches/batch-object.ts";
import { BatchOptionsSchema } from "../batches/options.ts";
import { resultsKey } from "../batches/results.ts";
import { isWebhookSecret, newWebhookSecret } from "../batches/webhook.ts";
import { checkWebhookUrl, webhookPolicy } from "../batches/webhook-url.ts";
import { isRandomHex, randomHex } from "../core/crypto.ts";
import { UPLOAD_PREFIX } from "../uploads/upload-keys.ts";
import { bodyCap, BODY_LIMITS } from "../http/body.ts";
import { idempotent, IdempotencyHeaders } from "../http/idempotency.ts";
import { FaceflareError } from "../core/errors.ts";
import { newRouter } from "../http/router.ts";
import { enforce } from "../auth/limit-problem.ts";
import { assertBatchFitsKeyLife } from "../auth/key-life.ts";
import { limiterFor } from "../auth/limiter-object.ts";
import { json, jsonResponse, protectedErrors, route } from "../http/openapi.ts";
import { assertOwner, callerId } from "../auth/ownership.ts";
import { ownerObject } from "../owner/owner-object.ts";
import { listOwned, ListQuery, pageSchema } from "./owned-list.ts";
import type { Context } from "hono";
import type { AppBindings } from "../env.ts";

const CreateBatch = z
  .object({
    keys: z
      .array(z.string().max(64))
      .min(1)
      .max(MAX_BATCH_IMAGES)
      .optional()
      .openapi({ description: `Keys returned by POST /v1/uploads, each uploaded (from at most ${MAX_BATCH_GROUPS} upload groups).` }),
    prefix: z.string().startsWith(UPLOAD_PREFIX).max(64).optional().openapi({ description: "Every uploaded key of one slot group (a slot response's `prefix`)." }),
    options: BatchOptionsSchema.default(BatchOptionsSchema.parse({})),
    webhook: z
      .object({
        url: z.string().max(2048).openapi({ description: "https URL of a public host (no IP address, no internal name), called once when the batch ends." }),
        secret: z
          .string()
          .refine(isWebhookSecret, "must be `whsec_` followed by base64 of 24 to 64 bytes")
          .optional()
          .openapi({ description: "Standard Webhooks signing secret (`whsec_<base64>`); generated and returned once if absent." }),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => (b.keys ? 1 : 0) + (b.prefix ? 1 : 0) === 1, "give exactly one of `keys` or `prefix`")
  .openapi("CreateBatch", { example: { prefix: "uploads/0123456789abcdef0123456789abcdef/", options: { tasks: ["emotion", "age", "gender"] } } });

const WebhookStatus = z
  .object({
    id: z.string().nullable().openapi({ description: "The notice's `webhook-id`; null until the batch completes." }),
    firstAttemptAt: z.string().nullable().openapi({ description: "When the notice was first sent. Whether the receiver accepted it is not shown (check your receiver); failed deliveries are retried a few times." }),
  })
  .openapi("BatchWebhookStatus");

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
    webhook: WebhookStatus.optional(),
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
const LOCATION = { location: { description: "URL of the new resource", schema: { type: "string" as const } } };

const create = route("post", "/v1/batches", "batches", {
  operationId: "createBatch",
  summary: "Start analysing uploaded images",
  description:
    "Covers only images its key was issued slots for and has uploaded (checked now; anything else answers 404). " +
    "Send an `Idempotency-Key` to make retries safe: the same key and body answer the first answer again.",
  middleware: [bodyCap(BODY_LIMITS.batch), idempotent()],
  request: { headers: IdempotencyHeaders, body: { required: true, content: json(CreateBatch) } },
  responses: {
    202: { ...jsonResponse("Batch accepted", Created), headers: LOCATION },
    ...protectedErrors("bad_options", "bad_request", "not_found", "conflict", "idempotency_mismatch", "forbidden"),
  },
});

const list = route("get", "/v1/batches", "batches", {
  operationId: "listBatches",
  summary: "The caller's batches, newest first",
  request: { query: ListQuery },
  responses: { 200: jsonResponse("A page of batches", pageSchema(Progress, "BatchPage")), ...protectedErrors("bad_options") },
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

const stubFor = (env: BatchEnv, id: string) => env.BATCHES.get(env.BATCHES.idFromName(id));

/** The batch's Durable Object, once the caller is known to own it (404 otherwise, as for a missing batch). */
async function ownedBatch(c: Context<AppBindings>, id: string) {
  const stub = stubFor(c.env, id);
  assertOwner(c, isRandomHex(id) ? await stub.ownerOf() : null, "batch");
  return stub;
}

const selfUrl = (c: Context<AppBindings>, id: string) => new URL(`/v1/batches/${id}`, c.req.url).toString();

/** A batch's progress as GET and the list answer it: with its own URL, and its results' once it completed. */
function progressJson(c: Context<AppBindings>, id: string, progress: BatchProgress) {
  const self = selfUrl(c, id);
  return { ...progress, links: { self, results: progress.status === "completed" ? `${self}/results.jsonl` : null } };
}

export function batchRoutes() {
  const r = newRouter();

  r.openapi(create, async (c) => {
    const env = c.env;
    const body = c.req.valid("json");
    const owner = callerId(c);
    let webhook: { url: string; secret: string } | undefined;
    if (body.webhook) {
      const checked = checkWebhookUrl(body.webhook.url, webhookPolicy(env));
      if (!checked.ok) throw new FaceflareError("bad_options", `webhook.url: ${checked.reason}.`, { errors: [{ path: "webhook.url", message: checked.reason }] });
      webhook = { url: checked.url, secret: body.webhook.secret ?? newWebhookSecret() };
    }
    const keys = await verifiedUploadKeys(env.UPLOADS, owner, body.keys ? { keys: body.keys } : { prefix: body.prefix! });
    assertBatchFitsKeyLife(c.get("apiKey"), keys.length); // a batch may not outlive its key (demo keys)

    const id = randomHex();
    enforce(await limiterFor(env.LIMITER, owner).acquireBatch(id, c.get("apiKey").limits.concurrentBatches));
    const createdAt = new Date();
    const stub = stubFor(env, id);
    await stub.init({ id, total: keys.length, options: body.options, webhook, createdAt: createdAt.toISOString(), owner }, keys);
    await ownerObject(env, owner).addResource("batch", id, createdAt.getTime());
    await stub.start();

    const self = selfUrl(c, id);
    c.header("location", self);
    return c.json({ id, total: keys.length, options: body.options, links: { self, results: `${self}/results.jsonl` }, ...(webhook && !body.webhook?.secret ? { webhookSecret: webhook.secret } : {}) }, 202);
  });

  r.openapi(list, async (c) => {
    const query = c.req.valid("query");
    const page = await listOwned(
      c.env,
      callerId(c),
      "batch",
      query,
      async (entry) => {
        const progress = await stubFor(c.env, entry.id).progress();
        return progress && progressJson(c, entry.id, progress);
      },
      c.req.url,
    );
    return c.json(page, 200);
  });

  r.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const progress = (await (await ownedBatch(c, id)).progress())!;
    return c.json(progressJson(c, id, progress), 200);
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
