import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { KV_PREFIX } from "../src/auth/api-key.ts";
import { parseKeyRecord, type KeyRecord, type Limits } from "../src/auth/key-record.ts";
import { idPrefixProblem, listingOf, mintKey, pickByIdPrefix } from "../src/auth/key-store.ts";
import { ROOT, wranglerEnv, wranglerCommand } from "./wrangler-bin.ts";

/**
 * API key records in the KEYS namespace through `wrangler kv key`, local or
 * remote: the one code path behind `npm run keys` and the first key
 * `npm run deploy` creates. Only the key's SHA-256 is stored.
 */
export type KvKey = (args: string[]) => string;

export interface Where {
  remote?: boolean;
  /** Local state dir (wrangler dev's --persist-to). */
  persistTo?: string;
  /** wrangler.toml to read the KEYS binding from. */
  config?: string;
}

export function kvKeyRunner({ remote = false, persistTo = ".wrangler/state", config }: Where = {}): KvKey {
  const where = remote ? ["--remote"] : ["--local", "--persist-to", resolve(ROOT, persistTo)];
  return (args) => {
    const [node, argv] = wranglerCommand(["kv", "key", ...args, "--binding", "KEYS", ...where, ...(config ? ["--config", config] : [])]);
    return execFileSync(node, argv, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: wranglerEnv() });
  };
}

export interface Listed {
  name: string;
  expiration?: number;
  metadata?: ReturnType<typeof listingOf>;
}

export const listKeys = (kv: KvKey, prefix = KV_PREFIX) => JSON.parse(kv(["list", "--prefix", prefix])) as Listed[];

export async function createKey(kv: KvKey, name: string, limits: Partial<Limits> = {}, ttlSeconds?: number): Promise<{ key: string; record: KeyRecord }> {
  const m = await mintKey(name, limits, ttlSeconds);
  kv(["put", m.kvKey, JSON.stringify(m.record), "--metadata", JSON.stringify(m.metadata), ...(ttlSeconds ? ["--ttl", String(Math.max(60, ttlSeconds + 60))] : [])]);
  return { key: m.key, record: m.record };
}

/** Revokes the key with this id, or with this unique prefix of at least MIN_ID_PREFIX hex digits. */
export function revokeKey(kv: KvKey, id: string): KeyRecord {
  // Checked before listing: a short or malformed prefix never reaches the store.
  const bad = idPrefixProblem(id);
  if (bad) throw new Error(bad);
  const picked = pickByIdPrefix(id, listKeys(kv, `${KV_PREFIX}${id.toLowerCase()}`).map((k) => k.name));
  if (!picked.ok) throw new Error(picked.reason);
  const record = parseKeyRecord(JSON.parse(kv(["get", picked.name, "--text"])));
  if (!record) throw new Error(`${picked.name} is not a key record`);
  const revoked = { ...record, revokedAt: new Date().toISOString() };
  kv(["put", picked.name, JSON.stringify(revoked), "--metadata", JSON.stringify(listingOf(revoked))]);
  return revoked;
}
