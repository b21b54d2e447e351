import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { toHex } from "../core/bytes.ts";
import { sha256Hex } from "../core/crypto.ts";
import { FaceflareError } from "../core/errors.ts";
import type { AppBindings } from "../env.ts";
import { IDEMPOTENCY_TTL_MS, ownerObject } from "../owner/owner-object.ts";
import { parseIdempotencyKey } from "./idempotency-key.ts";

export { parseIdempotencyKey };

/**
 * `Idempotency-Key` for the POSTs that create something (batches, clips,
 * upload slots). Per API key, for 24 hours: the same key with the same
 * request (method, path and body bytes) gets the first answer again, with
 * `Idempotent-Replayed: true`, and nothing is done twice; the same key with
 * another request gets 422 `idempotency_mismatch`; while the first is still
 * running, a duplicate gets 409 `conflict` with Retry-After. Only successful
 * answers are kept: after an error the key is free, so a retry does the work.
 * Runs after the route's body cap and before its validator (which then reads
 * the body from Hono's cache).
 */
export const IDEMPOTENCY_HEADER = "idempotency-key";

/** OpenAPI request headers of an idempotent route (checked by the middleware before the validator). */
export const IdempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .max(257) // the middleware checks it (and may accept it quoted)
    .optional()
    .openapi({
      description: `1 to 255 characters (letters, digits, \`_.:~+/=-\`), e.g. a UUID. Repeating a request with the same key within ${IDEMPOTENCY_TTL_MS / 3600_000} hours answers it as the first time and does nothing again.`,
    }),
});

const KEPT_HEADERS = ["content-type", "location"];

export function idempotent(): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    const raw = c.req.header(IDEMPOTENCY_HEADER);
    if (raw === undefined) return next();
    const key = parseIdempotencyKey(raw);
    // The body is capped by the route's bodyCap; Hono caches it for the validator.
    const body = new Uint8Array(await c.req.arrayBuffer());
    const bodyHash = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", body)));
    const fingerprint = await sha256Hex(`${c.req.method} ${c.req.path}\n${bodyHash}`);
    const owner = ownerObject(c.env, c.get("apiKey").id);
    const begun = await owner.beginIdempotent(key, fingerprint);
    if (begun.kind === "mismatch") {
      throw new FaceflareError("idempotency_mismatch", "This Idempotency-Key was used for another request (another path or body) in the last 24 hours; use a new key.");
    }
    if (begun.kind === "in_progress") {
      throw new FaceflareError("conflict", "A request with this Idempotency-Key is still being processed; retry shortly.", { retryAfter: 1 });
    }
    if (begun.kind === "replay") {
      const { answer } = begun;
      return new Response(answer.body, { status: answer.status, headers: { ...answer.headers, "idempotent-replayed": "true" } });
    }
    try {
      await next();
    } catch (err) {
      await owner.releaseIdempotent(key, fingerprint);
      throw err;
    }
    const res = c.res;
    if (res.status >= 200 && res.status < 300) {
      const headers = Object.fromEntries(KEPT_HEADERS.flatMap((h) => (res.headers.has(h) ? [[h, res.headers.get(h)!]] : [])));
      await owner.finishIdempotent(key, fingerprint, { status: res.status, headers, body: await res.clone().text() });
    } else {
      await owner.releaseIdempotent(key, fingerprint);
    }
  };
}
