import { z } from "@hono/zod-openapi";
import type { BatchEnv } from "../batches/env.ts";
import { IMAGE_MEDIA_TYPES, type ImageMediaType } from "../image/formats.ts";
import { MAX_BYTES } from "../image/limits.ts";
import { bodyCap, BODY_LIMITS, mediaTypeOfHeader } from "../http/body.ts";
import { idempotent, IdempotencyHeaders } from "../http/idempotency.ts";
import { randomHex } from "../core/crypto.ts";
import { signUploadQuery, verifyUploadQuery } from "../uploads/signed-url.ts";
import { streamUploadToR2 } from "../uploads/upload-stream.ts";
import { uploadKey, UPLOAD_GROUP_RE, UPLOAD_ITEM_RE } from "../uploads/upload-keys.ts";
import { problemResponses } from "../http/problem.ts";
import { FaceflareError } from "../core/errors.ts";
import { newRouter } from "../http/router.ts";
import type { Context } from "hono";
import { currentKey, keyRefOf, optionalCaller } from "../auth/authenticate.ts";
import { capAtKeyLife } from "../auth/key-life.ts";
import { enforce } from "../auth/limit-problem.ts";
import { limiterFor } from "../auth/limiter-object.ts";
import { json, jsonResponse, protectedErrors, PUBLIC_SECURITY, route } from "../http/openapi.ts";
import { assertOwner, callerId } from "../auth/ownership.ts";
import { uploadOwner, writeUploadOwner } from "../uploads/owner.ts";
import { deletePrefix } from "../retention/purge.ts";
import { UPLOAD_PREFIX } from "../uploads/upload-keys.ts";
import type { AppBindings } from "../env.ts";


const SlotsRequest = z
  .object({
    count: z.number().int().min(1).max(1000),
    contentTypes: z.array(z.enum(IMAGE_MEDIA_TYPES)).min(1).default([...IMAGE_MEDIA_TYPES]),
    maxBytes: z.number().int().min(1).optional().openapi({ description: "Defaults to (and is capped at) the server's limit." }),
    expiresInSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(3600)
      .openapi({ description: "Lifetime of the URLs; never past the expiry of the key that asks (the answer's `expiresAt` says what was granted)." }),
  })
  .strict()
  .openapi("UploadSlotsRequest", { example: { count: 2 } });

const Slot = z
  .object({ key: z.string(), url: z.string().url(), method: z.literal("PUT") })
  .openapi("UploadSlot");

const SlotsResponse = z
  .object({
    prefix: z.string().openapi({ description: "Common prefix of every slot's key; usable as a batch's `prefix`." }),
    expiresAt: z.string(),
    maxBytes: z.number().int(),
    contentTypes: z.array(z.string()),
    slots: z.array(Slot),
  })
  .openapi("UploadSlots");

const createSlots = route("post", "/v1/uploads", "batches", {
  operationId: "createUploadSlots",
  summary: "Get signed URLs that each allow one PUT of one image",
  middleware: [bodyCap(BODY_LIMITS.json), idempotent()],
  request: { headers: IdempotencyHeaders, body: { required: true, content: json(SlotsRequest) } },
  responses: {
    201: { ...jsonResponse("Upload slots", SlotsResponse), headers: { location: { description: "URL of the slot group (DELETE it to drop its images)", schema: { type: "string" } } } },
    ...protectedErrors("bad_options", "unavailable", "bad_request", "conflict", "idempotency_mismatch"),
  },
});

const putUpload = route("put", "/v1/uploads/{group}/{item}", "batches", {
  operationId: "uploadImage",
  summary: "Upload one image through a signed URL (once)",
  description:
    "The signed URL is the permission: no API key is needed, but the URL works only while the key that asked for it does (revoked: 403, expired: 410). If an `Authorization` header is sent anyway, it must be the key that asked for the slot (another key gets 404). The bytes stored count against that key's daily byte limit; a refused upload costs nothing.",
  security: PUBLIC_SECURITY,
  // The slot's own maxBytes is checked by the handler; this is the server's ceiling.
  middleware: [bodyCap(serverMaxBytes)],
  request: {
    params: z.object({ group: z.string().openapi({ example: "0123456789abcdef0123456789abcdef" }), item: z.string().openapi({ example: "0000" }) }),
    // Checked by hand so a missing or malformed field reads as `forbidden`.
    query: z.object({ expires: z.string().optional(), max: z.string().optional(), types: z.string().optional(), sig: z.string().optional() }).strict(),
    body: { content: Object.fromEntries(IMAGE_MEDIA_TYPES.map((t) => [t, { schema: z.string().openapi({ format: "binary" }) }])) },
  },
  responses: {
    201: {
      description: "Stored",
      content: { "application/json": { schema: z.object({ key: z.string(), size: z.number().int(), etag: z.string() }) } },
    },
    ...problemResponses("forbidden", "expired", "bad_request", "too_large", "unsupported_type", "not_an_image", "conflict", "unavailable", "not_found", "unauthorized", "rate_limited"),
  },
});

const deleteGroup = route("delete", "/v1/uploads/{group}", "batches", {
  operationId: "deleteUploadGroup",
  summary: "Delete uploaded images of a slot group that no batch needs any more",
  description: "Images are also deleted when their batch completes, and after UPLOAD_RETENTION_SECONDS in any case.",
  request: { params: z.object({ group: z.string().openapi({ example: "0123456789abcdef0123456789abcdef" }) }) },
  responses: { 204: { description: "Deleted" }, ...protectedErrors("not_found") },
});

type PutContext = Context<AppBindings, "/v1/uploads/:group/:item", { in: { param: { group: string; item: string } }; out: { param: { group: string; item: string } } }>;

function signingSecret(env: BatchEnv): string {
  const secret = env.UPLOAD_SIGNING_SECRET;
  if (!secret || secret.length < 16) throw new FaceflareError("unavailable", "Uploads are not configured (UPLOAD_SIGNING_SECRET is missing).");
  return secret;
}

function serverMaxBytes(env: BatchEnv): number {
  const n = Number(env.UPLOAD_MAX_BYTES);
  return Number.isSafeInteger(n) && n > 0 ? n : MAX_BYTES;
}

export function uploadRoutes() {
  const r = newRouter();

  r.openapi(createSlots, async (c) => {
    const env = c.env;
    const secret = signingSecret(env);
    const body = c.req.valid("json");
    const maxBytes = Math.min(body.maxBytes ?? serverMaxBytes(env), serverMaxBytes(env));
    const key = c.get("apiKey");
    // A URL never outlives the key that asked for it (a 15-minute demo key gets URLs of at most 15 minutes).
    const expires = capAtKeyLife(key, Math.floor(Date.now() / 1000) + body.expiresInSeconds);
    const group = randomHex();
    await writeUploadOwner(env.UPLOADS, group, { owner: callerId(c), bytesPerDay: key.limits.bytesPerDay, slots: body.count, expires, keyRef: keyRefOf(key) });
    const origin = new URL(c.req.url).origin;
    const slots = await Promise.all(
      Array.from({ length: body.count }, async (_, i) => {
        const slot = uploadKey(group, i);
        const query = await signUploadQuery(secret, { key: slot, expires, maxBytes, contentTypes: body.contentTypes });
        return { key: slot, url: `${origin}/v1/${slot}?${query}`, method: "PUT" as const };
      }),
    );
    c.header("location", `${origin}/v1/uploads/${group}`);
    return c.json(
      { prefix: `uploads/${group}/`, expiresAt: new Date(expires * 1000).toISOString(), maxBytes, contentTypes: body.contentTypes, slots },
      201,
    );
  });

  r.openapi(putUpload, async (c) => {
    try {
      return await handlePut(c);
    } catch (err) {
      // Refused before (or while) reading: drop the rest of the body.
      await c.req.raw.body?.cancel().catch(() => {});
      throw err;
    }
  });

  r.openapi(deleteGroup, async (c) => {
    const { group } = c.req.valid("param");
    const marker = UPLOAD_GROUP_RE.test(group) ? await uploadOwner(c.env.UPLOADS, group) : null;
    assertOwner(c, marker?.owner, "upload group");
    await deletePrefix(c.env.UPLOADS, `${UPLOAD_PREFIX}${group}/`);
    return c.body(null, 204);
  });

  return r;
}

async function handlePut(c: PutContext) {
  const env = c.env;
  const secret = signingSecret(env);
  const { group, item } = c.req.param();
  if (!UPLOAD_GROUP_RE.test(group) || !UPLOAD_ITEM_RE.test(item)) throw new FaceflareError("forbidden", "Not a signed upload URL.");
  const key = uploadKey(group, Number(item));
  const verdict = await verifyUploadQuery(secret, key, new URL(c.req.url).searchParams, Math.floor(Date.now() / 1000));
  if (!verdict.ok) {
    throw verdict.reason === "expired"
      ? new FaceflareError("expired", "This upload URL has expired; ask for new slots.")
      : new FaceflareError("forbidden", "The upload URL's signature does not match.");
  }
  const { grant } = verdict;
  const type = mediaTypeOfHeader(c.req.header("content-type"));
  if (!grant.contentTypes.includes(type)) {
    throw new FaceflareError("unsupported_type", `Content-Type must be one of ${grant.contentTypes.join(", ")}.`);
  }
  const length = Number(c.req.header("content-length"));
  if (!c.req.header("content-length") || !Number.isSafeInteger(length) || length < 0) {
    throw new FaceflareError("bad_request", "A Content-Length header is required.");
  }
  if (length > grant.maxBytes) throw new FaceflareError("too_large", `Upload is ${length} bytes; this slot allows ${grant.maxBytes}.`);
  if (!c.req.raw.body || length === 0) throw new FaceflareError("not_an_image", "Empty body.");
  // The slot belongs to the key that asked for it: another key sees nothing here.
  const marker = await uploadOwner(env.UPLOADS, group);
  const caller = await optionalCaller(env, c.req.header("authorization"));
  if (!marker || (caller && caller.id !== marker.owner)) throw new FaceflareError("not_found", "No such upload slot.");
  // The URL is worth no more than that key is now.
  const issuer = await currentKey(env, marker.keyRef, marker.owner);
  if (!issuer.ok) {
    throw issuer.reason === "expired"
      ? new FaceflareError("expired", "The API key that asked for this upload URL has expired.")
      : new FaceflareError("forbidden", `The API key that asked for this upload URL ${issuer.reason === "revoked" ? "has been revoked" : "no longer exists"}.`);
  }
  // Cheap early refusal; the conditional put below is what makes it race-free.
  if (await env.UPLOADS.head(key)) throw new FaceflareError("conflict", "This upload URL has already been used.");
  // Only now the owner's budget: it must have room for the declared bytes, and is charged what is stored.
  const limiter = limiterFor(env.LIMITER, marker.owner);
  enforce(await limiter.fits(issuer.key.limits.bytesPerDay, length));
  const stored = await streamUploadToR2(env.UPLOADS, key, c.req.raw.body, length, type as ImageMediaType, grant.maxBytes);
  if (!stored) throw new FaceflareError("conflict", "This upload URL has already been used.");
  await limiter.addBytes(stored.size);
  c.header("location", new URL(`/v1/${key}`, c.req.url).href);
  return c.json({ key, size: stored.size, etag: stored.etag }, 201);
}
