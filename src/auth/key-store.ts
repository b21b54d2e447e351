import { hashApiKey, keyIdOf, kvKeyOf, KV_PREFIX, looksLikeApiKey, newApiKey } from "./api-key.ts";
import { DEFAULT_LIMITS, parseKeyRecord, unusableReason, type ApiKey, type KeyRecord, type Limits } from "./key-record.ts";

/** KV metadata kept beside each record so `list` needs no extra reads. */
export interface KeyListing {
  id: string;
  name: string;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
}

const listingOf = (r: KeyRecord): KeyListing => ({
  id: r.id,
  name: r.name,
  createdAt: r.createdAt,
  ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
  ...(r.revokedAt ? { revokedAt: r.revokedAt } : {}),
});

/** A fresh key and the record to store under its hash. The plain key is shown once and never stored. */
export async function mintKey(name: string, limits: Partial<Limits> = {}, ttlSeconds?: number, now = Date.now()) {
  const key = newApiKey();
  const hash = await hashApiKey(key);
  const record: KeyRecord = {
    id: keyIdOf(hash),
    name,
    createdAt: new Date(now).toISOString(),
    ...(ttlSeconds ? { expiresAt: new Date(now + ttlSeconds * 1000).toISOString() } : {}),
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
  return { key, hash, kvKey: kvKeyOf(hash), record, metadata: listingOf(record) };
}

/** Creates a key in KV (tests, demo keys; the admin tool writes through wrangler instead). */
export async function createKey(kv: KVNamespace, name: string, limits: Partial<Limits> = {}, ttlSeconds?: number) {
  const minted = await mintKey(name, limits, ttlSeconds);
  // KV drops the entry a little after expiresAt; the record's own expiresAt is what is enforced.
  const expiration = ttlSeconds ? { expirationTtl: Math.max(60, ttlSeconds + 60) } : {};
  await kv.put(minted.kvKey, JSON.stringify(minted.record), { metadata: minted.metadata, ...expiration });
  return { key: minted.key, record: minted.record };
}

/** The caller behind a bearer token, or why not. */
export async function lookupKey(kv: KVNamespace, token: string, now = Date.now()): Promise<{ ok: true; key: ApiKey } | { ok: false; reason: string }> {
  if (!looksLikeApiKey(token)) return { ok: false, reason: "malformed" };
  const record = parseKeyRecord(await kv.get(kvKeyOf(await hashApiKey(token)), "json"));
  if (!record) return { ok: false, reason: "unknown" };
  const why = unusableReason(record, now);
  return why ? { ok: false, reason: why } : { ok: true, key: { id: record.id, name: record.name, limits: record.limits } };
}

/** Marks the key with this id revoked; false if there is none. */
export async function revokeKey(kv: KVNamespace, id: string, now = Date.now()): Promise<boolean> {
  const { keys } = await kv.list({ prefix: `${KV_PREFIX}${id}` });
  if (keys.length !== 1) return false;
  const record = parseKeyRecord(await kv.get(keys[0].name, "json"));
  if (!record) return false;
  const revoked: KeyRecord = { ...record, revokedAt: new Date(now).toISOString() };
  await kv.put(keys[0].name, JSON.stringify(revoked), { metadata: listingOf(revoked) });
  return true;
}

export { listingOf };
