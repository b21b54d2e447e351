import { beforeAll, describe, expect, it } from "vitest";
import { limiterFor } from "../../src/auth/limiter-object.ts";
import { uploadKey } from "../../src/uploads/upload-keys.ts";
import { provisionKey } from "./helpers/auth.ts";
import { call, env, postJson, progressOf, resultsOf, upload, waitForBatch } from "./helpers/batch-api.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Issue 12 point 5: a batch covers only images its key was issued slots
// for AND has uploaded, checked when it is created; no queue message is
// sent for anything else. (Nothing here waits for analysis: every batch
// that is accepted is deleted at once.)
const PHOTO = SAMPLE_PHOTOS[0];

async function expectNoBatch(res: Response, status: number, code: string, keyId: string) {
  expect(res.status).toBe(status);
  expect(await res.json()).toMatchObject({ status, code });
  expect(await limiterFor(env.LIMITER, keyId).runningBatches()).toEqual([]);
}

describe("POST /v1/batches covers only issued and uploaded images", () => {
  it("refuses 10,000 keys for a group that was issued one slot (and queues nothing)", async () => {
    const k = await provisionKey("one-slot");
    const { group } = await upload(k.headers, [PHOTO], 1);
    const keys = Array.from({ length: 10_000 }, (_, i) => uploadKey(group, i)); // 0000 .. 9999
    await expectNoBatch(await postJson(k.headers, "/v1/batches", { keys }), 404, "not_found", k.id);
  });

  it("refuses an issued slot that was never uploaded; the group's prefix covers only what was uploaded", async () => {
    const k = await provisionKey("half-filled");
    const up = await upload(k.headers, [PHOTO], 2);
    const both = [up.keys[0], uploadKey(up.group, 1)];
    const res = await postJson(k.headers, "/v1/batches", { keys: both });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toContain(uploadKey(up.group, 1));

    const byPrefix = await postJson(k.headers, "/v1/batches", { prefix: up.prefix });
    expect(byPrefix.status).toBe(202);
    const created = (await byPrefix.json()) as { id: string; total: number };
    expect(created.total).toBe(1);
    expect(await env.BATCHES.get(env.BATCHES.idFromName(created.id)).purge()).toBe(true);
  });

  it("ignores objects past the slots issued, even if something put them there", async () => {
    const k = await provisionKey("beyond-slots");
    const up = await upload(k.headers, [PHOTO], 1);
    // Not possible through the API (no URL is signed for item 0005): planted directly.
    await env.UPLOADS.put(uploadKey(up.group, 5), PHOTO);
    await expectNoBatch(await postJson(k.headers, "/v1/batches", { keys: [uploadKey(up.group, 5)] }), 404, "not_found", k.id);
    const res = await postJson(k.headers, "/v1/batches", { prefix: up.prefix });
    expect(res.status).toBe(202);
    const created = (await res.json()) as { id: string; total: number };
    expect(created.total).toBe(1);
    await env.BATCHES.get(env.BATCHES.idFromName(created.id)).purge();
  });

  it("refuses another key's uploads as missing", async () => {
    const owner = await provisionKey("owner");
    const other = await provisionKey("other");
    const up = await upload(owner.headers, [PHOTO], 1);
    await expectNoBatch(await postJson(other.headers, "/v1/batches", { keys: up.keys }), 404, "not_found", other.id);
    await expectNoBatch(await postJson(other.headers, "/v1/batches", { prefix: up.prefix }), 404, "not_found", other.id);
  });

  it("bounds the upload groups one batch may draw on", async () => {
    const k = await provisionKey("many-groups");
    const keys = Array.from({ length: 101 }, (_, i) => uploadKey(i.toString(16).padStart(32, "0"), 0));
    await expectNoBatch(await postJson(k.headers, "/v1/batches", { keys }), 400, "bad_request", k.id);
  });
});

describe("per-key fairness in the queue", () => {
  beforeAll(async () => {
    await seedModels(env as unknown as SeedEnv);
  });

  it("a one-image batch of key B completes while key A's large batch is still mostly pending", async () => {
    const a = await provisionKey("large");
    const b = await provisionKey("small");
    const large = await upload(a.headers, Array.from({ length: 30 }, (_, i) => SAMPLE_PHOTOS[i % SAMPLE_PHOTOS.length]));
    const small = await upload(b.headers, [SAMPLE_PHOTOS[1]]);
    const options = { tasks: ["emotion"] };
    const resA = await postJson(a.headers, "/v1/batches", { keys: large.keys, options });
    expect(resA.status).toBe(202);
    const idA = ((await resA.json()) as { id: string }).id;
    // B starts after all of A's batch was accepted: with one shared FIFO queue, it would wait for all 30.
    const resB = await postJson(b.headers, "/v1/batches", { keys: small.keys, options });
    expect(resB.status).toBe(202);
    const idB = ((await resB.json()) as { id: string }).id;

    const doneB = await waitForBatch(b.headers, idB);
    const atThatTime = await progressOf(a.headers, idA);
    expect(doneB).toMatchObject({ total: 1, done: 1, failed: 0 });
    expect((await resultsOf(b.headers, idB))[0].result.faces.length).toBeGreaterThan(0);
    // A's window (BATCH_IN_FLIGHT, 8) was ahead of B's image, not A's whole batch.
    expect(atThatTime.done + atThatTime.failed).toBeLessThanOrEqual(16);
    expect(atThatTime.pending).toBeGreaterThanOrEqual(14);
    expect((await call(a.headers, `/v1/batches/${idA}`, { method: "DELETE" })).status).toBe(204);
  });
});
