import type { DevServer } from "./wrangler.ts";

/**
 * An authenticated request to the bench's wrangler dev. A 429 (the dev key
 * has the default 120 requests/minute) waits out Retry-After and retries;
 * the returned time is of the attempt that succeeded, so waits are not timed.
 */
export async function timedFetch(dev: DevServer, path: string, init: RequestInit = {}, auth = true): Promise<{ res: Response; ms: number }> {
  for (let attempt = 0; ; attempt++) {
    const headers = new Headers(init.headers);
    if (auth) headers.set("authorization", `Bearer ${dev.apiKey}`);
    const t0 = performance.now();
    const res = await fetch(`${dev.url}${path}`, { ...init, headers });
    const ms = performance.now() - t0;
    if (res.status !== 429 || attempt >= 5) return { res, ms };
    rateLimited.count += 1;
    await res.arrayBuffer();
    const wait = Number(res.headers.get("retry-after") ?? "5");
    await new Promise((r) => setTimeout(r, (Number.isFinite(wait) ? wait : 5) * 1000 + 100));
  }
}

/** 429 answers seen so far (each one was waited out and retried). */
export const rateLimited = { count: 0 };

/** Throws with the problem body unless the answer is 2xx; returns the JSON. */
export async function okJson<T>(what: string, r: { res: Response }): Promise<T> {
  if (!r.res.ok) throw new Error(`${what}: ${r.res.status} ${await r.res.text()}`);
  return (await r.res.json()) as T;
}

/** Node's fetch takes a Uint8Array body; the workers-types overloads do not say so. */
export const body = (bytes: Uint8Array) => bytes as unknown as BodyInit;
