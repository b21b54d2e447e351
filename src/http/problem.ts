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
    type: z.string().openapi({ example: "https://faceflare.dev/problems/not_an_image" }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: "not_an_image" }),
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

/** OpenAPI response entries for the problem codes a route can answer with. */
export function problemResponses(...codes: ProblemCode[]) {
  const out: Record<number, { description: string; content: Record<string, { schema: typeof ProblemSchema }> }> = {};
  for (const code of codes) {
    const status = PROBLEM_CODES[code];
    const prev = out[status];
    out[status] = {
      description: prev ? `${prev.description}, ${code}` : code,
      content: { "application/problem+json": { schema: ProblemSchema } },
    };
  }
  return out;
}
