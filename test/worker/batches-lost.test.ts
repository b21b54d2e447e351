import { runInDurableObject } from "cloudflare:test";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { limiterFor } from "../../src/auth/limiter-object.ts";
import type { BatchObject } from "../../src/batches/batch-object.ts";
import type { BatchMessage } from "../../src/batches/messages.ts";
import { BatchOptionsSchema } from "../../src/batches/options.ts";
import { newWebhookSecret } from "../../src/batches/webhook.ts";
import { randomHex } from "../../src/core/crypto.ts";
import { ownerMarkerKey } from "../../src/uploads/owner.ts";
import { uploadKey } from "../../src/uploads/upload-keys.ts";
import { provisionKey } from "./helpers/auth.ts";
import { call, env, postJson, resultsOf, upload, waitForBatch, webhooksAt } from "./helpers/batch-api.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Issue 12 point 6: a batch always ends. Queue messages are lost the way a
// killed local runtime loses them: the batch object sent them, the queue
// accepted them, and no consumer ever sees them. Here the object's queue
// binding is swapped (inside the object) for one that drops what it is
// given; everything else is real: routes, uploads, the consumer, analysis.
const stubOf = (id: string) => env.BATCHES.get(env.BATCHES.idFromName(id));

/** A queue that drops every message whose item `drop` selects, and passes the rest to the real queue. */
function lossyQueue(drop: (m: BatchMessage) => boolean): Queue<BatchMessage> {
  return {
    send: async (body: BatchMessage) => (drop(body) ? undefined : env.BATCH_QUEUE.send(body)),
    sendBatch: async (msgs: Iterable<MessageSendRequest<BatchMessage>>) => {
      const kept = [...msgs].filter((m) => !drop(m.body));
      if (kept.length) await env.BATCH_QUEUE.sendBatch(kept);
    },
  } as unknown as Queue<BatchMessage>;
}

/** Replaces the batch object's bindings (its `env`) with `patch` applied; returns a function that restores them. */
async function patchEnv(id: string, patch: Record<string, unknown>): Promise<() => Promise<void>> {
  let original: unknown;
  await runInDurableObject(stubOf(id), (obj: BatchObject) => {
    const o = obj as unknown as { env: Record<string, unknown> };
    original = o.env;
    o.env = { ...o.env, ...patch };
  });
  return () => runInDurableObject(stubOf(id), (obj: BatchObject) => void ((obj as unknown as { env: unknown }).env = original));
}

/** A batch over `keys` as POST /v1/batches makes it (slot taken, listed), but not started yet. */
async function createBatch(owner: string, keys: string[], webhook?: { url: string; secret: string }) {
  const id = randomHex();
  const options = BatchOptionsSchema.parse({ tasks: ["emotion", "age"] });
  expect((await limiterFor(env.LIMITER, owner).acquireBatch(id, 10)).ok).toBe(true);
  await stubOf(id).init({ id, total: keys.length, options, webhook, createdAt: new Date().toISOString(), owner }, keys);
  return id;
}

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
});

describe("a batch whose queue messages are lost", () => {
  it("sends them again after the deadline and completes with real results", async () => {
    const k = await provisionKey("lost-all");
    const up = await upload(k.headers, SAMPLE_PHOTOS.slice(0, 2));
    const id = await createBatch(k.id, up.keys);
    const restore = await patchEnv(id, { BATCH_QUEUE: lossyQueue(() => true), BATCH_ITEM_DEADLINE_SECONDS: "1" });
    await stubOf(id).start(); // both messages vanish
    await restore(); // the runtime "comes back": real queue, default deadline
    expect(await stubOf(id).progress()).toMatchObject({ status: "running", pending: 2 });

    const done = await waitForBatch(k.headers, id);
    expect(done).toMatchObject({ total: 2, done: 2, failed: 0 });
    const lines = await resultsOf(k.headers, id);
    expect(lines.map((l) => l.status)).toEqual(["done", "done"]);
    for (const l of lines) expect(l.result.faces.length).toBeGreaterThan(0);
  });

  it("gives up on an image it never hears about (timed_out) and still ends: partial results, webhook, images deleted, slot released", async () => {
    const k = await provisionKey("lost-one");
    const up = await upload(k.headers, SAMPLE_PHOTOS.slice(0, 2));
    const hook = { url: `https://hooks.faceflare.test/ok-lost-${randomHex(4)}`, secret: newWebhookSecret() };
    const id = await createBatch(k.id, up.keys, hook);
    // Every message of item 1 is lost, each of its 3 sends; item 0 goes through the real queue.
    await patchEnv(id, { BATCH_QUEUE: lossyQueue((m) => m.index === 1), BATCH_ITEM_DEADLINE_SECONDS: "4" });
    await stubOf(id).start();

    const done = await waitForBatch(k.headers, id);
    expect(done).toMatchObject({ total: 2, done: 1, failed: 1, pending: 0 });
    const lines = await resultsOf(k.headers, id);
    expect(lines[0]).toMatchObject({ index: 0, status: "done" });
    expect(lines[0].result.faces.length).toBeGreaterThan(0);
    expect(lines[1]).toMatchObject({ index: 1, key: up.keys[1], status: "failed", error: { code: "timed_out" } });
    expect(lines[1].error.detail).toContain("3 deliveries");

    // The images are gone and the key may run batches again.
    for (const key of up.keys) expect(await env.UPLOADS.head(key)).toBeNull();
    expect(await limiterFor(env.LIMITER, k.id).runningBatches()).not.toContain(id);
    // One signed notice, verified with the Standard Webhooks library.
    let received: Awaited<ReturnType<typeof webhooksAt>> = [];
    for (let i = 0; i < 100 && received.length === 0; i++) {
      received = await webhooksAt(new URL(hook.url).pathname);
      if (!received.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(received).toHaveLength(1);
    const notice = new Webhook(hook.secret).verify(received[0].body, received[0].headers) as { type: string; data: { id: string; done: number; failed: number } };
    expect(notice).toMatchObject({ type: "batch.completed", data: { id, done: 1, failed: 1 } });
  });
});

describe("a batch over part of an upload group", () => {
  it("leaves the rest of the group usable by its owner", async () => {
    const k = await provisionKey("partial");
    const up = await upload(k.headers, SAMPLE_PHOTOS.slice(0, 3));
    const first = await postJson(k.headers, "/v1/batches", { keys: up.keys.slice(0, 1), options: { tasks: ["emotion"] } });
    expect(first.status).toBe(202);
    await waitForBatch(k.headers, ((await first.json()) as { id: string }).id);
    expect(await env.UPLOADS.head(up.keys[0])).toBeNull();
    expect(await env.UPLOADS.head(up.keys[1])).not.toBeNull();
    expect(await env.UPLOADS.head(ownerMarkerKey(up.group))).not.toBeNull();

    // The rest is still the owner's: a batch over it, and a DELETE of the group.
    const second = await postJson(k.headers, "/v1/batches", { keys: [up.keys[1]], options: { tasks: ["emotion"] } });
    expect(second.status).toBe(202);
    await waitForBatch(k.headers, ((await second.json()) as { id: string }).id);
    expect((await call(k.headers, `/v1/uploads/${up.group}`, { method: "DELETE" })).status).toBe(204);
    expect(await env.UPLOADS.head(uploadKey(up.group, 2))).toBeNull();
  });
});
