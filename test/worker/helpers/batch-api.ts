import { env as workersEnv, exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { BatchProgress } from "../../../src/batches/batch-object.ts";
import type { BatchEnv } from "../../../src/batches/env.ts";

/**
 * Batch routes as a client calls them, for any key: upload slots, PUTs
 * through the signed URLs, batch creation and polling, all through the
 * Worker's own fetch handler (the real routes, queue and Durable Objects).
 */
export const env = workersEnv as unknown as BatchEnv & { WEBHOOK_SINK: Fetcher };

export type Headers_ = Record<string, string>;

export const call = (headers: Headers_, path: string, init: RequestInit = {}) =>
  exports.default.fetch(`http://faceflare.test${path}`, { ...init, headers: { ...headers, ...(init.headers as Headers_) } });

export const postJson = (headers: Headers_, path: string, body: unknown, extra: Headers_ = {}) =>
  call(headers, path, { method: "POST", headers: { "content-type": "application/json", ...extra }, body: JSON.stringify(body) });

export interface Uploaded {
  group: string;
  prefix: string;
  keys: string[];
}

/** Asks for `slots` slots and fills the first `images.length` of them. */
export async function upload(headers: Headers_, images: Uint8Array<ArrayBuffer>[], slots = images.length): Promise<Uploaded> {
  const res = await postJson(headers, "/v1/uploads", { count: slots });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { prefix: string; slots: { key: string; url: string }[] };
  for (const [i, image] of images.entries()) {
    const put = await exports.default.fetch(body.slots[i].url, { method: "PUT", headers: { "content-type": "image/jpeg", "content-length": String(image.length) }, body: image });
    expect(put.status).toBe(201);
  }
  return { group: body.prefix.split("/")[1], prefix: body.prefix, keys: body.slots.slice(0, images.length).map((s) => s.key) };
}

export type Progress = BatchProgress & { links: { self: string; results: string | null } };

export async function progressOf(headers: Headers_, id: string): Promise<Progress> {
  const res = await call(headers, `/v1/batches/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Progress;
}

/** Polls until the batch completes (or `ms` pass: then fails with the last progress). */
export async function waitForBatch(headers: Headers_, id: string, ms = 90_000): Promise<Progress> {
  const until = Date.now() + ms;
  for (;;) {
    const p = await progressOf(headers, id);
    if (p.status === "completed") return p;
    if (Date.now() > until) throw new Error(`batch ${id} did not complete in ${ms} ms: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function resultsOf(headers: Headers_, id: string): Promise<any[]> {
  const res = await call(headers, `/v1/batches/${id}/results.jsonl`);
  expect(res.status).toBe(200);
  return new TextDecoder().decode(await res.arrayBuffer()).trim().split("\n").map((l) => JSON.parse(l));
}

/** What the test stand-in for the internet received at https://hooks.faceflare.test<path>. */
export async function webhooksAt(path: string): Promise<{ method: string; headers: Record<string, string>; body: string }[]> {
  return (await env.WEBHOOK_SINK.fetch(`http://sink${path}`)).json();
}
