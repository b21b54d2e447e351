import { beforeAll, describe, expect, it } from "vitest";
import { limiterFor } from "../../src/auth/limiter-object.ts";
import { provisionKey } from "./helpers/auth.ts";
import { call, env, postJson, upload, type Headers_ } from "./helpers/batch-api.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Issue 14 point 4 (with issue 12): Idempotency-Key on the POSTs that create
// something, GET /v1/batches and GET /v1/clips, and Location headers. No
// batch here is left to run: each is deleted once it has been looked at.
type Key = { id: string; headers: Headers_ };
const batchOf = (id: string) => env.BATCHES.get(env.BATCHES.idFromName(id));
const idem = (key: string) => ({ "idempotency-key": key });

async function newBatch(k: Key, headers: Headers_ = {}) {
  const up = await upload(k.headers, [SAMPLE_PHOTOS[0]]);
  const res = await postJson(k.headers, "/v1/batches", { keys: up.keys, options: { tasks: ["emotion"] } }, headers);
  expect(res.status).toBe(202);
  return { res, body: (await res.json()) as { id: string; total: number; links: { self: string } }, up };
}

// POST /v1/clips names the manifest's emotion model: the models must be there.
beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
});

describe("Idempotency-Key", () => {
  let k: Key;
  beforeAll(async () => {
    k = await provisionKey("idempotent");
  });

  it("answers a repeated POST /v1/batches with the first answer and starts nothing new", async () => {
    const up = await upload(k.headers, [SAMPLE_PHOTOS[0]]);
    const body = { keys: up.keys, options: { tasks: ["emotion"] } };
    const first = await postJson(k.headers, "/v1/batches", body, idem("batch-1"));
    expect(first.status).toBe(202);
    const a = (await first.json()) as { id: string };
    const again = await postJson(k.headers, "/v1/batches", body, idem("batch-1"));
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(await again.json()).toEqual(a);
    expect((await limiterFor(env.LIMITER, k.id).runningBatches()).filter((id) => id === a.id)).toHaveLength(1);
    expect((await limiterFor(env.LIMITER, k.id).runningBatches())).toHaveLength(1);

    // Same key, another body: 422, and still nothing new.
    const other = await postJson(k.headers, "/v1/batches", { ...body, options: { tasks: ["age"] } }, idem("batch-1"));
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: "idempotency_mismatch" });
    // Same key on another route: also another request.
    expect((await postJson(k.headers, "/v1/clips", {}, idem("batch-1"))).status).toBe(422);
    await batchOf(a.id).purge();
  });

  it("creates one clip for concurrent duplicates", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => postJson(k.headers, "/v1/clips", { mode: "group" }, idem("clip-race"))));
    const created = answers.filter((r) => r.status === 201);
    for (const r of answers) expect([201, 409]).toContain(r.status);
    const ids = new Set(await Promise.all(created.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    const [id] = ids;
    // Later retries replay it; the clip list holds it once.
    const replay = await postJson(k.headers, "/v1/clips", { mode: "group" }, idem("clip-race"));
    expect(((await replay.json()) as { id: string }).id).toBe(id);
    const listed = (await (await call(k.headers, "/v1/clips?limit=100")).json()) as { items: { id: string }[] };
    expect(listed.items.filter((c) => c.id === id)).toHaveLength(1);
  });

  it("gives the same upload slots again", async () => {
    const one = await postJson(k.headers, "/v1/uploads", { count: 2 }, idem("slots-1"));
    const two = await postJson(k.headers, "/v1/uploads", { count: 2 }, idem("slots-1"));
    expect(one.status).toBe(201);
    expect(one.headers.get("location")).toMatch(/\/v1\/uploads\/[0-9a-f]{32}$/);
    expect(await two.json()).toEqual(await one.json());
  });

  it("is scoped to the API key", async () => {
    const other = await provisionKey("idempotent-other");
    const mine = (await (await postJson(k.headers, "/v1/clips", {}, idem("shared-name"))).json()) as { id: string };
    const theirs = await postJson(other.headers, "/v1/clips", {}, idem("shared-name"));
    expect(theirs.status).toBe(201);
    expect(((await theirs.json()) as { id: string }).id).not.toBe(mine.id);
  });

  it("keeps no failed answer: after an error the same key does the work", async () => {
    const bad = await postJson(k.headers, "/v1/uploads", { count: 0 }, idem("after-error"));
    expect(bad.status).toBe(400);
    expect((await postJson(k.headers, "/v1/uploads", { count: 1 }, idem("after-error"))).status).toBe(201);
  });

  it("refuses a malformed header as bad_request", async () => {
    for (const value of ["", "a b", "x".repeat(256), "ключ", 'a"b', "a,b", "a;b"]) {
      const res = await postJson(k.headers, "/v1/clips", {}, idem(value));
      expect(res.status, JSON.stringify(value)).toBe(400);
      expect(await res.json()).toMatchObject({ code: "bad_request" });
    }
    expect((await postJson(k.headers, "/v1/clips", {}, idem('"quoted-key-1"'))).status).toBe(201);
    expect((await postJson(k.headers, "/v1/clips", {}, idem("x".repeat(255)))).status).toBe(201);
  });
});

describe("GET /v1/batches and GET /v1/clips", () => {
  it("list the caller's own batches, newest first, a page at a time", async () => {
    const a = await provisionKey("lister-a");
    const b = await provisionKey("lister-b");
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await newBatch(a)).body.id);
    const theirs = (await newBatch(b)).body.id;

    const page1 = (await (await call(a.headers, "/v1/batches?limit=2")).json()) as { items: { id: string; status: string; total: number }[]; nextCursor: string | null; links: { next: string | null } };
    expect(page1.items.map((x) => x.id)).toEqual([made[2], made[1]]);
    expect(page1.items[0]).toMatchObject({ total: 1, status: expect.stringMatching(/running|completed/) });
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await (await call(a.headers, new URL(page1.links.next!).pathname + new URL(page1.links.next!).search)).json()) as typeof page1;
    expect(page2.items.map((x) => x.id)).toEqual([made[0]]);
    expect(page2.nextCursor).toBeNull();
    // B sees only its own, even with A's cursor (a cursor only pages the caller's own list).
    expect(((await (await call(b.headers, "/v1/batches")).json()) as typeof page1).items.map((x) => x.id)).toEqual([theirs]);
    expect(((await (await call(b.headers, `/v1/batches?cursor=${page1.nextCursor}`)).json()) as typeof page1).items.map((x) => x.id)).toEqual([theirs]);

    // Deleted batches drop out.
    expect((await call(a.headers, `/v1/batches/${made[2]}`, { method: "DELETE" })).status).toBe(204);
    expect(((await (await call(a.headers, "/v1/batches")).json()) as typeof page1).items.map((x) => x.id)).toEqual([made[1], made[0]]);
    for (const id of [...made.slice(0, 2), theirs]) await batchOf(id).purge();
  });

  it("list clips, newest first, without expired or deleted ones", async () => {
    const k = await provisionKey("clip-lister");
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const res = await postJson(k.headers, "/v1/clips", { mode: "single" });
      expect(res.headers.get("location")).toBe(((await res.clone().json()) as { url: string }).url);
      ids.push(((await res.json()) as { id: string }).id);
    }
    expect((await call(k.headers, `/v1/clips/${ids[1]}`, { method: "DELETE" })).status).toBe(204);
    const page = (await (await call(k.headers, "/v1/clips?limit=1")).json()) as { items: { id: string; mode: string; framesReceived: number }[]; nextCursor: string };
    expect(page.items).toEqual([expect.objectContaining({ id: ids[2], mode: "single", framesReceived: 0 })]);
    const rest = (await (await call(k.headers, `/v1/clips?cursor=${page.nextCursor}`)).json()) as typeof page;
    expect(rest.items.map((c) => c.id)).toEqual([ids[0]]);
  });

  it("refuse bad limits, unknown options and forged cursors with bad_options", async () => {
    const k = await provisionKey("list-hostile");
    const batchCursor = btoa("b:5").replace(/=+$/, "");
    const clipCursor = btoa("c:5").replace(/=+$/, "");
    for (const q of ["limit=0", "limit=101", "limit=abc", "cursor=%00", `cursor=${"A".repeat(65)}`, "cursor=Yjo", `cursor=${clipCursor}`, "max=3"]) {
      const res = await call(k.headers, `/v1/batches?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ code: "bad_options" });
    }
    // A batches cursor is not a clips cursor.
    expect((await call(k.headers, `/v1/clips?cursor=${batchCursor}`)).status).toBe(400);
    expect((await call(k.headers, `/v1/batches?cursor=${batchCursor}`)).status).toBe(200);
  });
});

describe("Location", () => {
  it("is set on 202 and 201 answers", async () => {
    const k = await provisionKey("location");
    const { res, body } = await newBatch(k);
    expect(res.headers.get("location")).toBe(body.links.self);
    await batchOf(body.id).purge();
    // A signed upload's 201 names the object it stored.
    const slots = (await (await postJson(k.headers, "/v1/uploads", { count: 1 })).json()) as { slots: { key: string; url: string }[] };
    const put = await call({}, new URL(slots.slots[0].url).pathname + new URL(slots.slots[0].url).search, {
      method: "PUT",
      headers: { "content-type": "image/jpeg", "content-length": String(SAMPLE_PHOTOS[0].length) },
      body: SAMPLE_PHOTOS[0],
    });
    expect(put.status).toBe(201);
    expect(put.headers.get("location")).toBe(`http://faceflare.test/v1/${slots.slots[0].key}`);
  });
});
