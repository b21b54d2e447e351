import type { Env } from "../env.ts";
import { FaceflareError } from "../core/errors.ts";
import { bearerToken, hashApiKey, keyIdOf } from "./api-key.ts";
import { DEFAULT_LIMITS, type ApiKey } from "./key-record.ts";
import { lookupKey, lookupRecord, type KeyLookup } from "./key-store.ts";

const REASONS: Record<string, string> = {
  missing: "Send an API key as `Authorization: Bearer <key>`.",
  malformed: "The API key is not valid.",
  unknown: "The API key is not valid.",
  revoked: "The API key has been revoked.",
  expired: "The API key has expired.",
};

/** Timing-safe equality of two strings through their SHA-256 (lengths leak nothing). */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([hashApiKey(a), hashApiKey(b)]);
  let diff = 0;
  for (let i = 0; i < ha.length; i++) diff |= ha.charCodeAt(i) ^ hb.charCodeAt(i);
  return diff === 0;
}

/**
 * The caller of a request, or a 401 problem. Keys live in KV by hash; the
 * development key (DEV_API_KEY, local only) needs no record.
 */
export async function authenticate(env: Env, authorization: string | undefined): Promise<ApiKey> {
  const token = bearerToken(authorization);
  if (!token) throw new FaceflareError("unauthorized", REASONS.missing);
  const dev = env.DEV_API_KEY;
  if (dev && dev.length >= 16 && (await sameSecret(token, dev))) return { id: keyIdOf(await hashApiKey(dev)), name: "dev", limits: DEFAULT_LIMITS };
  const found = await lookupKey(env.KEYS, token);
  if (!found.ok) throw new FaceflareError("unauthorized", REASONS[found.reason] ?? REASONS.unknown);
  return found.key;
}

const DEV_REF = "dev";

/** What a key hands out records which key it was: its KV record, or the development key. */
export const keyRefOf = (key: ApiKey): string => key.recordKey ?? DEV_REF;

/**
 * The key behind `ref` as it stands now, for capabilities it handed out
 * earlier (signed upload URLs): revoked, expired or gone, it is not ok. The
 * development key is ok while DEV_API_KEY is still the key with `ownerId`.
 */
export async function currentKey(env: Env, ref: string | undefined, ownerId: string): Promise<KeyLookup> {
  if (ref === DEV_REF) {
    const dev = env.DEV_API_KEY;
    const same = !!dev && dev.length >= 16 && keyIdOf(await hashApiKey(dev)) === ownerId;
    return same ? { ok: true, key: { id: ownerId, name: "dev", limits: DEFAULT_LIMITS } } : { ok: false, reason: "revoked" };
  }
  if (!ref?.startsWith("apikey:")) return { ok: false, reason: "unknown" };
  const found = await lookupRecord(env.KEYS, ref);
  return found.ok && found.key.id !== ownerId ? { ok: false, reason: "unknown" } : found;
}

/** The caller of a request that may carry no key (signed upload URLs): null without a header. */
export async function optionalCaller(env: Env, authorization: string | undefined): Promise<ApiKey | null> {
  return authorization ? authenticate(env, authorization) : null;
}
