import { sha256Hex } from "../core/crypto.ts";

/**
 * KV cache of analysis answers. The key binds the image bytes (SHA-256), the
 * canonical options and the versions and hashes of the models in use, so a
 * model upgrade can never serve a stale answer.
 */

/** Stable JSON: object keys sorted at every level. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

export async function resultCacheKey(imageSha256: string, options: unknown, modelsKey: string): Promise<string> {
  return `analyze:v1:${imageSha256}:${await sha256Hex(canonicalJson(options) + "|" + modelsKey)}`;
}

export class ResultCache {
  constructor(
    private readonly kv: KVNamespace | undefined,
    private readonly ttlSeconds: number,
  ) {}

  async get<T>(key: string): Promise<T | null> {
    if (!this.kv) return null;
    try {
      return await this.kv.get<T>(key, "json");
    } catch {
      return null; // a cache fault must never fail the request
    }
  }

  async put(key: string, value: unknown): Promise<void> {
    if (!this.kv) return;
    try {
      await this.kv.put(key, JSON.stringify(value), { expirationTtl: Math.max(60, this.ttlSeconds) });
    } catch {
      // best effort
    }
  }
}
