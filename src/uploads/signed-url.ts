import { fromBase64Url, toBase64Url } from "../core/bytes.ts";
import { hmacSha256, hmacVerify } from "../core/crypto.ts";

/**
 * What a signed upload URL allows: one PUT of one object at `key`, before
 * `expires`, of at most `maxBytes`, with one of `contentTypes`.
 */
export interface UploadGrant {
  key: string;
  /** Unix seconds. */
  expires: number;
  maxBytes: number;
  contentTypes: string[];
}

/** Version tag so the signed format can change without old URLs verifying. */
const SCHEME = "FACEFLARE-UPLOAD-V1";

/**
 * The exact string that is HMAC-SHA256 signed: every field of the grant,
 * newline-separated, content types comma-joined in the order given.
 */
export function canonicalUploadString(g: UploadGrant): string {
  return [SCHEME, "PUT", g.key, String(g.expires), String(g.maxBytes), g.contentTypes.join(",")].join("\n");
}

/** Query string (without "?") carrying the grant and its signature. */
export async function signUploadQuery(secret: string, g: UploadGrant): Promise<string> {
  const sig = toBase64Url(await hmacSha256(secret, canonicalUploadString(g)));
  const q = new URLSearchParams({ expires: String(g.expires), max: String(g.maxBytes), types: g.contentTypes.join(","), sig });
  return q.toString();
}

export type VerifyResult = { ok: true; grant: UploadGrant } | { ok: false; reason: "forbidden" | "expired" };

/**
 * A positive integer in its one canonical spelling: decimal digits, no sign,
 * no leading zero, no exponent, radix prefix, fraction or whitespace (all of
 * which Number() would read as the same value); null otherwise.
 */
export function canonicalPositiveInt(s: string | null): number | null {
  if (s === null || !/^[1-9][0-9]{0,15}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

const SIGNED_PARAMS = ["expires", "max", "types", "sig"] as const;

/**
 * Checks the signature first (so a tampered `expires` reads as forbidden, not
 * expired), then the expiry. `now` is unix seconds. The URL has one spelling:
 * each signed parameter exactly once, numbers canonical, the signature
 * unpadded base64url; anything else is forbidden before the HMAC is computed.
 */
export async function verifyUploadQuery(secret: string, key: string, query: URLSearchParams, now: number): Promise<VerifyResult> {
  if (SIGNED_PARAMS.some((p) => query.getAll(p).length !== 1)) return { ok: false, reason: "forbidden" };
  const expires = canonicalPositiveInt(query.get("expires"));
  const maxBytes = canonicalPositiveInt(query.get("max"));
  const types = query.get("types");
  const sigText = query.get("sig") ?? "";
  const sig = fromBase64Url(sigText);
  // Unused low bits of the last character must be zero: one spelling per signature.
  if (expires === null || maxBytes === null || !types || !sig || toBase64Url(sig) !== sigText) {
    return { ok: false, reason: "forbidden" };
  }
  const grant: UploadGrant = { key, expires, maxBytes, contentTypes: types.split(",") };
  if (!(await hmacVerify(secret, canonicalUploadString(grant), sig))) return { ok: false, reason: "forbidden" };
  if (now > expires) return { ok: false, reason: "expired" };
  return { ok: true, grant };
}
