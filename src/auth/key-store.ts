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

export type KeyLookup = { ok: true; key: ApiKey } | { ok: false; reason: string };

/** The caller behind a bearer token, or why not. */
export async function lookupKey(kv: KVNamespace, token: string, now = Date.now()): Promise<KeyLookup> {
  if (!looksLikeApiKey(token)) return { ok: false, reason: "malformed" };
  return lookupRecord(kv, kvKeyOf(await hashApiKey(token)), now);
}

/** The key stored under `recordKey` as it stands now (revoked and expired keys are not ok). */
export async function lookupRecord(kv: KVNamespace, recordKey: string, now = Date.now()): Promise<KeyLookup> {
  const record = parseKeyRecord(await kv.get(recordKey, "json"));
  if (!record) return { ok: false, reason: "unknown" };
  const why = unusableReason(record, now);
  if (why) return { ok: false, reason: why };
  return { ok: true, key: { id: record.id, name: record.name, limits: record.limits, ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}), recordKey } };
}

/**
 * Shortest id prefix that picks a key (`npm run keys -- revoke`): 8 hex
 * digits, 4 billion values, so a typo or a stray character cannot pick a key
 * by chance, as a one-character prefix did when there was one key.
 */
export const MIN_ID_PREFIX = 8;

/** Why `prefix` cannot pick a key whatever the store holds, or null. */
export function idPrefixProblem(prefix: string): string | null {
  if (!/^[0-9a-f]*$/i.test(prefix)) return `"${prefix}" is not a key id: ids are hex digits (see \`keys list\`).`;
  if (prefix.length < MIN_ID_PREFIX) return `"${prefix}" is too short: give the key's full id or at least ${MIN_ID_PREFIX} of its hex digits (see \`keys list\`).`;
  return null;
}

export type PickedKey = { ok: true; name: string } | { ok: false; reason: string };

/**
 * The one KV name among `names` (`apikey:<hash>`, as listed) whose key id
 * starts with `prefix`: a full id or a unique prefix of at least
 * MIN_ID_PREFIX hex digits. Anything else is refused with the reason.
 */
export function pickByIdPrefix(prefix: string, names: readonly string[]): PickedKey {
  const bad = idPrefixProblem(prefix);
  if (bad) return { ok: false, reason: bad };
  const p = prefix.toLowerCase();
  const matches = names.filter((n) => n.startsWith(`${KV_PREFIX}${p}`));
  if (matches.length === 0) return { ok: false, reason: `No key has an id starting with ${p}.` };
  if (matches.length > 1) {
    const ids = matches.slice(0, 5).map((n) => n.slice(KV_PREFIX.length, KV_PREFIX.length + 24));
    return { ok: false, reason: `${p} is the start of ${matches.length} keys' ids (${ids.join(", ")}${matches.length > 5 ? ", ..." : ""}); give more of the id.` };
  }
  return { ok: true, name: matches[0] };
}

/** Marks the key with this id (or unique id prefix, see pickByIdPrefix) revoked; false if none is picked. */
export async function revokeKey(kv: KVNamespace, id: string, now = Date.now()): Promise<boolean> {
  if (idPrefixProblem(id)) return false;
  const { keys } = await kv.list({ prefix: `${KV_PREFIX}${id.toLowerCase()}` });
  const picked = pickByIdPrefix(id, keys.map((k) => k.name));
  if (!picked.ok) return false;
  const record = parseKeyRecord(await kv.get(picked.name, "json"));
  if (!record) return false;
  const revoked: KeyRecord = { ...record, revokedAt: new Date(now).toISOString() };
  await kv.put(picked.name, JSON.stringify(revoked), { metadata: listingOf(revoked) });
  return true;
}

export { listingOf };
