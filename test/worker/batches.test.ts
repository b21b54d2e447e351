import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeItem } from "../../src/batches/consumer.ts";
import type { ItemLine } from "../../src/batches/results.ts";
import { deliver, env, finalize, newBatch, resultLines } from "./helpers/batch-harness.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { authHeaders } from "./helpers/auth.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Batches end to end with the real pipeline on real photos: the real queue
// (Miniflare delivers to this Worker's queue handler) and real analysis.
const CORRUPT = SAMPLE_PHOTOS[0].slice(0, 3000); // JPEG magic, truncated data

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const api = async (path: string, init: RequestInit = {}) =>
  exports.default.fetch(`http://faceflare.test${path}`, { ...init, headers: { ...(await authHeaders()), ...(init.headers as Record<string, string>) } });

async function uploadAll(images: Uint8Array<ArrayBuffer>[]): Promise<string[]> {
  const res = await api("/v1/uploads", json({ count: images.length }));
  expect(res.status).toBe(201);
  const { slots } = (await res.json()) as { slots: { key: string; url: string }[] };
  for (const [i, slot] of slots.entries()) {
    const put = await exports.default.fetch(slot.url, {
      method: "PUT",
      headers: { "content-type": "image/jpeg", "content-length": String(images[i].length) },
      body: images[i],
    });
    expect(put.status).toBe(201);
  }
  return slots.map((s) => s.key);
}

async function waitForCompletion(id: string) {
  for (;;) {
    const res = await api(`/v1/batches/${id}`);
    expect(res.status).toBe(200);
    const p = (await res.json()) as { status: string; done: number; failed: number; pending: number; total: number; links: { results: string | null } };
    expect(p.done + p.failed + p.pending).toBe(p.total);
    if (p.status === "completed") return p;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function expectFaces(line: ItemLine | undefined) {
  expect(line?.status).toBe("done");
  const result = (line as { result: { faces: { emotion?: unknown; age?: unknown }[] } }).result;
  expect(result.faces.length).toBeGreaterThan(0);
  expect(result.faces[0].emotion).toBeDefined();
  expect(result.faces[0].age).toBeDefined();
}

beforeAll(async () => {
  const seeded = await seedModels(env as unknown as SeedEnv);
  expect(seeded).toContain("manifest.json");
});

describe("batches on real photos", () => {
  it("analyses every photo through the queue; a corrupt file is reported failed without stopping the batch", async () => {
    const keys = await uploadAll([...SAMPLE_PHOTOS, CORRUPT]);
    const created = await api("/v1/batches", json({ keys, options: { tasks: ["emotion", "age", "gender"] } }));
    expect(created.status).toBe(202);
    const { id, links } = (await created.json()) as { id: string; links: { results: string } };
    expect(id).toMatch(/^[0-9a-f]{32}$/);

    const progress = await waitForCompletion(id);
    expect(progress).toMatchObject({ total: 4, done: 3, failed: 1, pending: 0 });
    expect(progress.links.results).toBe(links.results);

    const res = await api(new URL(links.results).pathname);
    expect(res.status).toBe(200);
    const lines = new TextDecoder().decode(await res.arrayBuffer()).trim().split("\n").map((l) => JSON.parse(l) as ItemLine);
    expect(lines.map((l) => l.key)).toEqual(keys);
    for (const line of lines.slice(0, 3)) expectFaces(line);
    expect(lines[3]).toMatchObject({ status: "failed", error: { code: expect.any(String) } });
  });

  it("does not duplicate results when a real analysis is retried and messages are redelivered", async () => {
    const { id, messages } = await newBatch(SAMPLE_PHOTOS.slice(0, 2), { tasks: ["emotion", "age"] });
    let failedOnce = false;
    const flaky: typeof analyzeItem = async (e, bytes, options) => {
      if (!failedOnce) {
        failedOnce = true;
        throw new Error("transient: R2 read reset");
      }
      return analyzeItem(e, bytes, options);
    };
    expect(await deliver(messages, flaky)).toEqual({ acked: [1], retried: [0] });
    expect(await deliver(messages, flaky, 2)).toEqual({ acked: [0, 1], retried: [] });
    await finalize(id);
    const lines = await resultLines(id);
    expect(lines.map((l) => l.index)).toEqual([0, 1]);
    for (const line of lines) expectFaces(line);
  });
});

describe("batch routes", () => {
  it("are described in the OpenAPI document", async () => {
    const doc = (await (await api("/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const p of ["/v1/uploads", "/v1/uploads/{group}/{item}", "/v1/batches", "/v1/batches/{id}", "/v1/batches/{id}/results.jsonl"]) expect(doc.paths).toHaveProperty([p]);
  });

  it("validates requests with problem details", async () => {
    const both = await api("/v1/batches", json({ keys: ["uploads/x/0000"], prefix: "uploads/" }));
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ code: "bad_options" });
    const foreign = await api("/v1/batches", json({ keys: ["batches/abc/results.jsonl"] }));
    expect(await foreign.json()).toMatchObject({ status: 400, code: "bad_request" });
    const empty = await api("/v1/batches", json({ prefix: "uploads/00000000000000000000000000000000/" }));
    expect(await empty.json()).toMatchObject({ status: 404, code: "not_found" });
    const wide = await api("/v1/batches", json({ prefix: "uploads/" }));
    expect(await wide.json()).toMatchObject({ status: 400, code: "bad_request" });
    const missing = await api(`/v1/batches/${"0".repeat(32)}`);
    expect(await missing.json()).toMatchObject({ status: 404, code: "not_found" });
  });

  it("starts a batch from an upload prefix and answers progress at once", async () => {
    const res = await api("/v1/uploads", json({ count: 1 }));
    const { prefix, slots } = (await res.json()) as { prefix: string; slots: { url: string }[] };
    const put = await exports.default.fetch(slots[0].url, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: SAMPLE_PHOTOS[1] });
    expect(put.status).toBe(201);
    const created = await api("/v1/batches", json({ prefix, webhook: { url: "https://hooks.invalid/x" } }));
    expect(created.status).toBe(202);
    const body = (await created.json()) as { id: string; total: number; webhookSecret?: string };
    expect(body.total).toBe(1);
    expect(body.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/); // Standard Webhooks secret
    const progress = (await (await api(`/v1/batches/${body.id}`)).json()) as Record<string, unknown>;
    expect(progress).toMatchObject({ id: body.id, total: 1 });
    expect(JSON.stringify(progress)).not.toContain(body.webhookSecret!);
  });
});
