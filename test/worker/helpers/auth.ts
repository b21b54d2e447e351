import { env } from "cloudflare:workers";
import { createKey } from "../../../src/auth/key-store.ts";
import type { Limits } from "../../../src/auth/key-record.ts";
import type { Env } from "../../../src/env.ts";

/** Limits no functional test comes near; tests of the limits make their own keys. */
export const TEST_LIMITS: Limits = { requestsPerMinute: 100_000, concurrentBatches: 100, framesPerClip: 100_000, bytesPerDay: 100 * 1024 ** 3 };

/** A real key in the Worker's KEYS namespace, created the way the admin tool's records look. */
export async function provisionKey(name = "test", limits: Partial<Limits> = TEST_LIMITS, ttlSeconds?: number) {
  const { key, record } = await createKey((env as unknown as Env).KEYS, name, { ...TEST_LIMITS, ...limits }, ttlSeconds);
  return { key, id: record.id, headers: { authorization: `Bearer ${key}` } as Record<string, string> };
}

let shared: Promise<Record<string, string>> | undefined;

/**
 * Headers that authenticate a test request: one key per test file (each file
 * runs in its own storage), created on first use.
 */
export async function authHeaders(): Promise<Record<string, string>> {
  shared ??= provisionKey("test").then((k) => k.headers);
  return shared;
}
