import { FaceflareError } from "../core/errors.ts";

/** An Idempotency-Key value: 1 to 255 of these characters (a UUID, a hash, a job name). */
export const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9_.:~+/=-]{1,255}$/;

/** The header's key, or a 400 for a value that is not one (the quotes of an RFC 8941 string are accepted). */
export function parseIdempotencyKey(raw: string): string {
  const v = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!IDEMPOTENCY_KEY_RE.test(v)) throw new FaceflareError("bad_request", "Idempotency-Key must be 1 to 255 characters of letters, digits and _.:~+/=-.");
  return v;
}
