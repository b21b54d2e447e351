/**
 * API keys: `ff_` + 32 random bytes, base64url (256 bits). Only the SHA-256
 * of a key is stored; with that much entropy a fast hash is enough (nothing
 * to brute-force), and lookups stay one KV read. Runtime-agnostic (WebCrypto),
 * shared by the Worker and tools/keys.ts.
 */
import { toBase64Url } from "../core/bytes.ts";
import { randomBytes, sha256Hex } from "../core/crypto.ts";

export const KEY_PREFIX = "ff_";
const KEY_RE = /^ff_[A-Za-z0-9_-]{43}$/;

export function newApiKey(): string {
  return KEY_PREFIX + toBase64Url(randomBytes(32));
}

export function looksLikeApiKey(s: string): boolean {
  return KEY_RE.test(s);
}

export const hashApiKey = (key: string): Promise<string> => sha256Hex(key);

/** The key's public id (owner of its resources): a prefix of its hash. */
export const keyIdOf = (hash: string) => hash.slice(0, 24);

/** KV key of a key's record. Listing `apikey:<id>` finds a key by its id. */
export const kvKeyOf = (hash: string) => `apikey:${hash}`;
export const KV_PREFIX = "apikey:";

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | undefined | null): string | null {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1] : null;
}
