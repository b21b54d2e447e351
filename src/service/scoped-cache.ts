import type { Env } from "../env.ts";

/**
 * The result cache as one caller sees it: every key prefixed with the
 * caller's id. One key can then never learn (from a cache hit) that another
 * sent the same photo, and a caller's cached answers sit under one prefix.
 * Only get/put are used by ResultCache (./result-cache.ts).
 */
export function scopedKv(kv: KVNamespace, scope: string): KVNamespace {
  const k = (key: string) => `${scope}:${key}`;
  return {
    get: (key: string, type?: unknown) => kv.get(k(key), type as "text"),
    put: (key: string, value: string, options?: KVNamespacePutOptions) => kv.put(k(key), value, options),
    delete: (key: string) => kv.delete(k(key)),
  } as unknown as KVNamespace;
}

/** Env whose CACHE is scoped to `callerId`. */
export function envForCaller<E extends Env>(env: E, callerId: string): E {
  return { ...env, CACHE: scopedKv(env.CACHE, `owner:${callerId}`) };
}
