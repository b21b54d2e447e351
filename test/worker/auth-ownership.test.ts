import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env.ts";
import { provisionKey } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Two keys, A and B: whatever A creates, B can neither read, change nor
// delete, and B's answers are exactly those for ids that do not exist.
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(`http://faceflare.test${path}`, init);
const json = (headers: Record<string, string>, body: unknown): RequestInit => ({ method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
const PHOTO = SAMPLE_PHOTOS[1];
const UPLOADS = (env as unknown as Env).UPLOADS;

let A: Record<string, string>;
let B: Record<string, string>;

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
  A = (await provisionKey("owner-a")).headers;
  B = (await provisionKey("owner-b")).headers;
});

/** B's answer must be the 404 a missing resource gets, body for body (ids B itself sent aside). */
async function expectSameAsMissing(theirs: Response, missing: Response) {
  expect(theirs.status).toBe(404);
  expect(missing.status).toBe(404);
  const strip = (b: Record<string, unknown>) => JSON.parse(JSON.stringify(b).replace(/[0-9a-f]{32}|[A-Za-z0-9_-]{32}/g, "<id>"));
  expect(strip(await theirs.json())).toEqual(strip(await missing.json()));
}

async function uploadAs(headers: Record<string, string>, bytes: Uint8Array<ArrayBuffer>) {
  const res = await call("/v1/uploads", json(headers, { count: 1 }));
  expect(res.status).toBe(201);
  const s = (await res.json()) as { prefix: string; slots: { key: string; url: string }[] };
  return { ...s, put: (h: Record<string, string> = {}) => exports.default.fetch(s.slots[0].url, { method: "PUT", headers: { ...h, "content-type": "image/jpeg", "content-length": String(bytes.length) }, body: bytes }) };
}

describe("ownership", () => {
  it("ids are unguessable: clips 192 bits, batches and upload groups 128 bits", async () => {
    const clip = (await (await call("/v1/clips", { method: "POST", headers: A })).json()) as { id: string };
    expect(clip.id).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes, base64url
    const up = await uploadAs(A, PHOTO);
    expect(up.prefix).toMatch(/^uploads\/[0-9a-f]{32}\/$/);
  });

  it("a clip: another key cannot read, add frames to or delete it", async () => {
    const { id } = (await (await call("/v1/clips", { method: "POST", headers: A })).json()) as { id: string };
    const ghost = "B".repeat(32);
    await expectSameAsMissing(await call(`/v1/clips/${id}`, { headers: B }), await call(`/v1/clips/${ghost}`, { headers: B }));
    const frame = (h: Record<string, string>, clip: string) => call(`/v1/clips/${clip}/frames?index=0`, { method: "POST", headers: { ...h, "content-type": "image/jpeg" }, body: PHOTO });
    await expectSameAsMissing(await frame(B, id), await frame(B, ghost));
    await expectSameAsMissing(await call(`/v1/clips/${id}`, { method: "DELETE", headers: B }), await call(`/v1/clips/${ghost}`, { method: "DELETE", headers: B }));
    // Untouched, and still the owner's.
    expect(await (await call(`/v1/clips/${id}`, { headers: A })).json()).toMatchObject({ id, framesReceived: 0 });
    expect((await call(`/v1/clips/${id}`, { method: "DELETE", headers: A })).status).toBe(204);
  });

  it("an upload slot: another key cannot write it, batch it or delete it", async () => {
    const up = await uploadAs(A, PHOTO);
    const group = up.prefix.split("/")[1];
    expect((await up.put(B)).status).toBe(404);
    expect(await UPLOADS.head(up.slots[0].key)).toBeNull(); // nothing written
    expect((await up.put()).status).toBe(201); // the signed URL alone is enough
    const theirs = await call("/v1/batches", json(B, { keys: [up.slots[0].key] }));
    const none = await call("/v1/batches", json(B, { keys: [`uploads/${"c".repeat(32)}/0000`] }));
    await expectSameAsMissing(theirs, none);
    await expectSameAsMissing(await call("/v1/batches", json(B, { prefix: up.prefix })), await call("/v1/batches", json(B, { prefix: `uploads/${"c".repeat(32)}/` })));
    await expectSameAsMissing(await call(`/v1/uploads/${group}`, { method: "DELETE", headers: B }), await call(`/v1/uploads/${"c".repeat(32)}`, { method: "DELETE", headers: B }));
    expect(await UPLOADS.head(up.slots[0].key)).not.toBeNull();
    expect((await call(`/v1/uploads/${group}`, { method: "DELETE", headers: A })).status).toBe(204);
    expect((await UPLOADS.list({ prefix: up.prefix })).objects).toEqual([]);
  });

  it("a batch and its results: another key cannot read or delete them", async () => {
    const up = await uploadAs(A, PHOTO);
    expect((await up.put(A)).status).toBe(201); // the owner's own key is accepted on the PUT
    const created = await call("/v1/batches", json(A, { prefix: up.prefix, options: { tasks: ["gender"] } }));
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    const ghost = "d".repeat(32);
    for (const suffix of ["", "/results.jsonl"]) {
      await expectSameAsMissing(await call(`/v1/batches/${id}${suffix}`, { headers: B }), await call(`/v1/batches/${ghost}${suffix}`, { headers: B }));
    }
    await expectSameAsMissing(await call(`/v1/batches/${id}`, { method: "DELETE", headers: B }), await call(`/v1/batches/${ghost}`, { method: "DELETE", headers: B }));
    for (;;) {
      const p = (await (await call(`/v1/batches/${id}`, { headers: A })).json()) as { status: string };
      if (p.status === "completed") break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await expectSameAsMissing(await call(`/v1/batches/${id}/results.jsonl`, { headers: B }), await call(`/v1/batches/${ghost}/results.jsonl`, { headers: B }));
    const mine = await call(`/v1/batches/${id}/results.jsonl`, { headers: A });
    expect(mine.status).toBe(200);
    expect(JSON.parse((await mine.text()).trim())).toMatchObject({ status: "done" });
  });

  it("the analysis cache is per key: one key's upload never shows as another's cache hit", async () => {
    const analyze = (h: Record<string, string>) => call("/v1/analyze?tasks=gender", { method: "POST", headers: { ...h, "content-type": "image/jpeg" }, body: PHOTO });
    expect((await analyze(A)).headers.get("x-faceflare-cache")).toBe("miss");
    expect((await analyze(A)).headers.get("x-faceflare-cache")).toBe("hit");
    expect((await analyze(B)).headers.get("x-faceflare-cache")).toBe("miss");
  });
});
