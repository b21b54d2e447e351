import { FaceflareError } from "../core/errors.ts";
import type { LimitVerdict } from "./limiter-object.ts";

const WHAT: Record<string, string> = {
  requestsPerMinute: "requests per minute",
  bytesPerDay: "request bytes per UTC day",
  concurrentBatches: "batches running at once",
  framesPerClip: "frames in one clip",
};

/**
 * 429 problem for a refused limit. `retryAfter` (seconds) is also sent as
 * the Retry-After header by the app's error handler; null for a limit that
 * time does not lift (frames in one clip), which gets neither.
 */
export function limitProblem(limit: keyof typeof WHAT | string, max: number, retryAfter: number | null, hint = ""): FaceflareError {
  return new FaceflareError("rate_limited", `This API key allows ${max} ${WHAT[limit] ?? limit}.${hint ? ` ${hint}` : ""}`, { limit, max, ...(retryAfter === null ? {} : { retryAfter }) });
}

/** Throws the 429 for a refusing verdict. */
export function enforce(verdict: LimitVerdict): asserts verdict is Extract<LimitVerdict, { ok: true }> {
  if (!verdict.ok) throw limitProblem(verdict.limit, verdict.max, verdict.retryAfter);
}
