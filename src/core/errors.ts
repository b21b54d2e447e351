/**
 * The one error type of Faceflare's core (image decoding, pipeline, model
 * runtime) and of the services around it. It knows nothing of HTTP: a
 * `code` is stable and machine-readable, a `kind` says who can fix it.
 * Adapters translate it: routes to RFC 9457 problems and statuses
 * (src/http/problem.ts), the queue consumer to retry-or-fail.
 */

/**
 * - `input`: the caller's data or request is wrong; the same input fails the same way again.
 * - `limit`: a quota or rate refused it; it may succeed later.
 * - `transient`: a dependency failed (storage, a model file); retrying may help.
 * - `internal`: our bug.
 */
export type ErrorKind = "input" | "limit" | "transient" | "internal";

/** Every code, with its kind. The HTTP layer maps each to a status. */
export const ERROR_KINDS = {
  bad_request: "input",
  bad_options: "input",
  not_an_image: "input",
  unsupported_type: "input",
  corrupt_image: "input",
  too_large: "input",
  too_many_pixels: "input",
  unknown_model: "input",
  not_found: "input",
  conflict: "input",
  unauthorized: "input",
  forbidden: "input",
  expired: "input",
  idempotency_mismatch: "input",
  rate_limited: "limit",
  internal: "internal",
  unavailable: "transient",
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_KINDS;

/** Throw anywhere; `extra` holds machine-readable details (limits, sizes) an adapter may expose. */
export class FaceflareError extends Error {
  readonly kind: ErrorKind;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? code);
    this.name = "FaceflareError";
    this.kind = ERROR_KINDS[code];
  }
}

/** True for an error that will fail the same way on the same input (no retry helps). */
export function isPermanent(err: unknown): err is FaceflareError {
  return err instanceof FaceflareError && err.kind === "input";
}
