import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../core/errors.ts";

/**
 * RFC 9457 problem details. `code` is the stable, machine-readable part;
 * `title` and `detail` are for people and may change.
 */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: "https://faceflare.dev/problems/<code>" }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: "Stable, machine-readable: one of the codes in the README's errors table." }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;

/** The HTTP status of every error code (src/core/errors.ts) the API can answer with. */
export const PROBLEM_CODES = {
  bad_request: 400,
  bad_options: 400,
  not_an_image: 415,
  unsupported_type: 415,
  corrupt_image: 422,
  too_large: 413,
  too_many_pixels: 413,
  unknown_model: 404,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  expired: 410,
  idempotency_mismatch: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

export type ProblemCode = ErrorCode;

/** The problem code for a bare HTTP status (errors raised by middleware). */
export function codeForStatus(status: number): ProblemCode {
  const byStatus: Record<number, ProblemCode> = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "too_large", 415: "unsupported_type", 429: "rate_limited" };
  return byStatus[status] ?? "bad_request";
}

const TITLES: Record<ProblemCode, string> = {
  bad_request: "Bad request",
  bad_options: "Invalid options",
  not_an_image: "Body is not an image",
  unsupported_type: "Unsupported media type",
  corrupt_image: "Image is truncated or corrupt",
  too_large: "Payload too large",
  too_many_pixels: "Image has too many pixels",
  unknown_model: "Unknown model",
  not_found: "Not found",
  conflict: "Conflict",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  expired: "Expired",
  idempotency_mismatch: "Idempotency-Key reused with another request",
  rate_limited: "Too many requests",
  internal: "Internal error",
  unavailable: "Service unavailable",
};

export function problemBody(code: ProblemCode, detail?: string, extra: Record<string, unknown> = {}): Problem {
  return {
    type: `https://faceflare.dev/problems/${code}`,
    title: TITLES[code],
    status: PROBLEM_CODES[code],
    code,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

export function problemResponse(c: Context, code: ProblemCode, detail?: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const body = problemBody(code, detail, { instance: new URL(c.req.url).pathname, ...extra });
  return c.json(body, body.status as ContentfulStatusCode, {
    "content-type": "application/problem+json",
    ...headers,
  });
}

/** What each code's example in the OpenAPI document says (a typical detail). */
const EXAMPLE_DETAILS: Record<ProblemCode, string> = {
  bad_request: "Multipart body needs a file field named `image`.",
  bad_options: "max_faces: unknown option (option names are camelCase)",
  not_an_image: "The request body is empty.",
  unsupported_type: "Content-Type text/plain is not accepted; send image/jpeg, image/png, image/webp or multipart/form-data with an `image` field.",
  corrupt_image: "The JPEG data ends before the image is complete.",
  too_large: "The body is larger than the 21037056 bytes allowed.",
  too_many_pixels: "The image declares 60000000 pixels; at most 50000000 are accepted.",
  unknown_model: 'no model "smile"; known models: blazeface, emotion, faceres, gear',
  not_found: "No such clip (it may have expired or been deleted).",
  conflict: "This upload URL has already been used.",
  idempotency_mismatch: "This Idempotency-Key was used for another request (another path or body) in the last 24 hours; use a new key.",
  unauthorized: "Send an API key as `Authorization: Bearer <key>`.",
  forbidden: "The upload URL's signature does not match.",
  expired: "This upload URL has expired; ask for new slots.",
  rate_limited: "Too many requests for this key: 120 per minute.",
  internal: "The server failed to handle this request.",
  unavailable: "Uploads are not configured (UPLOAD_SIGNING_SECRET is missing).",
};

type ProblemContent = { schema: typeof ProblemSchema; examples: Record<string, { summary: string; value: Problem }> };

/**
 * OpenAPI response entries for the problem codes a route can answer with:
 * one entry per status, carrying one example per code it can hold (so 400
 * shows bad_options and bad_request, 415 not_an_image and unsupported_type).
 */
export function problemResponses(...codes: ProblemCode[]) {
  const out: Record<number, { description: string; content: Record<"application/problem+json", ProblemContent> }> = {};
  for (const code of codes) {
    const status = PROBLEM_CODES[code];
    const prev = out[status];
    const examples = { ...prev?.content["application/problem+json"].examples, [code]: { summary: TITLES[code], value: problemBody(code, EXAMPLE_DETAILS[code]) } };
    out[status] = {
      description: prev ? `${prev.description}, ${code}` : code,
      content: { "application/problem+json": { schema: ProblemSchema, examples } },
    };
  }
  return out;
}
