import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { BatchEnv } from "../../src/batches/env.ts";
import { clipStub } from "../../src/clips/clip-id.ts";
import { sweepExpired } from "../../src/retention/sweep.ts";
import { isUploadKey } from "../../src/uploads/upload-keys.ts";
import { authHeaders } from "./helpers/auth.ts";
import { clipStorage } from "./helpers/clip-storage.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// What the README promises under "What is kept": checked by listing the R2
// bucket and the KV cache after each step.
const E = env as unknown as BatchEnv;
const PHOTO = SAMPLE_PHOTOS[1];
const call = async (path: string, init: RequestInit = {}) =>
  exports.default.fetch(`http://faceflare.test${path}`, { ...init, headers: { ...(await authHeaders()), ...(init.headers as Record<string, string>) } });
const postJson = (path: string, body: unknown) => call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const r2Keys = async (prefix = "") => (await E.UPLOADS.list({ prefix })).objects.map((o) => o.key);
const cacheKeys = async () => (await E.CACHE.list()).keys;

async function uploadedGroup(count: number) {
  const s = (await (await postJson("/v1/uploads", { count })).json()) as { prefix: string; slots: { key: string; url: string }[] };
  for (const slot of s.slots) {
    const put = await exports.default.fetch(slot.url, { method: "PUT", headers: { "content-type": "image/jpeg", "content-length": String(PHOTO.length) }, body: PHOTO });
    expect(put.status).toBe(201);
  }
  return s;
}

async function completedBatch() {
  const up = await uploadedGroup(2);
  const res = await postJson("/v1/batches", { prefix: up.prefix, options: { tasks: ["emotion", "age"] } });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const p = (await (await call(`/v1/batches/${id}`)).json()) as { status: string };
    if (p.status === "completed") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { id, up };
}

const batchStub = (id: string) => E.BATCHES.get(E.BATCHES.idFromName(id));

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
});

describe("retention", () => {
  it("a batch's images are deleted as soon as it completes; its results stay until deleted; DELETE leaves nothing", async () => {
    const { id, up } = await completedBatch();
    expect(await r2Keys(up.prefix)).toEqual([]); // images and the group's owner marker
    expect(await r2Keys(`batches/${id}/`)).toContain(`batches/${id}/results.jsonl`);
    expect(await cacheKeys()).toEqual([]); // batch answers never enter the KV cache
    expect((await call(`/v1/batches/${id}/results.jsonl`)).status).toBe(200);

    expect((await call(`/v1/batches/${id}`, { method: "DELETE" })).status).toBe(204);
    expect(await r2Keys(`batches/${id}/`)).toEqual([]);
    expect((await call(`/v1/batches/${id}`)).status).toBe(404);
    expect((await call(`/v1/batches/${id}/results.jsonl`)).status).toBe(404);
    expect(await runInDurableObject(batchStub(id), async (_o, state) => [await state.storage.get("meta"), await state.storage.getAlarm()])).toEqual([undefined, null]);
  });

  it("DELETE of a running batch removes its images, lines and progress; late messages leave nothing", async () => {
    const up = await uploadedGroup(3);
    const res = await postJson("/v1/batches", { prefix: up.prefix, options: { tasks: ["emotion"] } });
    const { id } = (await res.json()) as { id: string };
    expect((await call(`/v1/batches/${id}`, { method: "DELETE" })).status).toBe(204);
    // Give the queue time to deliver what was already sent.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await r2Keys(up.prefix)).toEqual([]);
    expect(await r2Keys(`batches/${id}/`)).toEqual([]);
    expect((await call(`/v1/batches/${id}`)).status).toBe(404);
    // The key's concurrent-batch slot is free again.
    const { keyIdOf, hashApiKey, bearerToken } = await import("../../src/auth/api-key.ts");
    const owner = keyIdOf(await hashApiKey(bearerToken((await authHeaders()).authorization)!));
    expect(await E.LIMITER.get(E.LIMITER.idFromName(owner)).runningBatches()).not.toContain(id);
  });

  it("finished results expire after RESULT_RETENTION_SECONDS (the batch's own alarm)", async () => {
    const { id } = await completedBatch();
    const stub = batchStub(id);
    const alarm = await runInDurableObject(stub, (_o, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() + 6 * 86_400_000); // 7 days by default
    // Pretend the retention has passed, then let the alarm run.
    await runInDurableObject(stub, (_o, state) => state.storage.put("completedAt", new Date(Date.now() - 8 * 86_400_000).toISOString()));
    await runDurableObjectAlarm(stub);
    expect(await r2Keys(`batches/${id}/`)).toEqual([]);
    expect((await call(`/v1/batches/${id}`)).status).toBe(404);
  });

  it("uploads no batch used are deleted by the sweep after UPLOAD_RETENTION_SECONDS, not before", async () => {
    const up = await uploadedGroup(2);
    expect(await sweepExpired(E)).toEqual({ uploads: 0, batches: 0 });
    expect((await r2Keys(up.prefix)).filter(isUploadKey)).toHaveLength(2);
    const swept = await sweepExpired(E, Date.now() + 86_400_000 + 1000);
    expect(swept.uploads).toBe(3); // two images and the owner marker
    expect(await r2Keys(up.prefix)).toEqual([]);
  });

  it("clip frames are never stored, and DELETE of a clip empties its storage", async () => {
    const { id } = (await (await call("/v1/clips", { method: "POST" })).json()) as { id: string };
    const frame = await call(`/v1/clips/${id}/frames?index=0`, { method: "POST", headers: { "content-type": "image/jpeg" }, body: PHOTO });
    expect(frame.status).toBe(200);
    expect(await r2Keys()).toEqual([]);
    expect(await cacheKeys()).toEqual([]);
    const before = await clipStorage(clipStub(E, id));
    expect(before.seenIndices).toBe(1);
    expect((await call(`/v1/clips/${id}`, { method: "DELETE" })).status).toBe(204);
    expect(await clipStorage(clipStub(E, id))).toMatchObject({ statsBytes: 0, seenIndices: 0 });
    expect(await runInDurableObject(clipStub(E, id), (_o, state) => state.storage.getAlarm())).toBeNull();
  });

  it("cached /v1/analyze answers carry an expiry and sit under the caller's prefix", async () => {
    const res = await call("/v1/analyze?tasks=gender", { method: "POST", headers: { "content-type": "image/jpeg" }, body: PHOTO });
    expect(res.status).toBe(200);
    const keys = await cacheKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0].name).toMatch(/^owner:[0-9a-f]{24}:analyze:v1:/);
    const ttl = (keys[0].expiration ?? 0) - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(86_400 - 120);
    expect(ttl).toBeLessThanOrEqual(86_400 + 1);
  });

  it("after the run: the R2 bucket is empty and every KV cache entry expires", async () => {
    // Every batch above was deleted or expired, every unused upload swept.
    expect(await r2Keys()).toEqual([]);
    const cached = await cacheKeys();
    expect(cached.length).toBeGreaterThan(0);
    for (const k of cached) expect(k.expiration).toBeGreaterThan(Date.now() / 1000);
  });
});
