import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_FRAMES_PER_REQUEST } from "../../src/routes/clips-schemas.ts";
import { provisionKey } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Issue 12 (clip frames): checks in the order that costs least — ownership,
// limits, duplicate index, then analysis — and issue 17's multipart message.
// A "frame" that is not an image shows whether a request was analysed: if it
// was, the answer is 415 not_an_image.
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(`http://faceflare.test${path}`, init);
const PHOTO = SAMPLE_PHOTOS[1];
const GARBAGE = new TextEncoder().encode("this is not an image, and analysing it fails");

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
});

async function newClip(headers: Record<string, string>): Promise<string> {
  const res = await call("/v1/clips", { method: "POST", headers });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

function form(frames: { index: number; bytes: Uint8Array }[], field = "image"): FormData {
  const f = new FormData();
  for (const { index, bytes } of frames) {
    f.append(field, new File([bytes as BlobPart], `${index}.jpg`, { type: "image/jpeg" }));
    f.append("index", String(index));
  }
  return f;
}

const raw = (id: string, index: number, bytes: Uint8Array, headers: Record<string, string>) =>
  call(`/v1/clips/${id}/frames?index=${index}`, { method: "POST", headers: { ...headers, "content-type": "image/jpeg", "content-length": String(bytes.length) }, body: bytes as BufferSource });

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  return body;
}

describe("clip frames: ownership, limits, duplicates, then analysis", () => {
  it("a retried index is answered as a duplicate without being analysed (even when its bytes are not an image)", async () => {
    const k = await provisionKey("dup-not-analysed");
    const id = await newClip(k.headers);
    expect((await raw(id, 0, PHOTO, k.headers)).status).toBe(200);
    const dup = await raw(id, 0, GARBAGE, k.headers);
    expect(dup.status).toBe(200);
    const body = (await dup.json()) as { framesReceived: number; frames: Record<string, unknown>[] };
    expect(body.framesReceived).toBe(1);
    expect(body.frames).toEqual([{ index: 0, duplicate: true }]);
    // The same in a multipart request: the duplicate is skipped, the new frame is analysed.
    const mixed = await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form([{ index: 0, bytes: GARBAGE }, { index: 1, bytes: PHOTO }]) });
    expect(mixed.status).toBe(200);
    const m = (await mixed.json()) as { framesReceived: number; frames: { index: number; duplicate: boolean; faces?: number }[] };
    expect(m.framesReceived).toBe(2);
    expect(m.frames.map((f) => [f.index, f.duplicate])).toEqual([[0, true], [1, false]]);
    expect(m.frames[1].faces).toBeGreaterThan(0);
  });

  it("a duplicate at the frames-per-clip limit answers 200 duplicate, not 429", async () => {
    const k = await provisionKey("dup-at-limit", { framesPerClip: 2 });
    const id = await newClip(k.headers);
    expect((await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form([{ index: 0, bytes: PHOTO }, { index: 1, bytes: PHOTO }]) })).status).toBe(200);
    const retry = await raw(id, 1, PHOTO, k.headers);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { frames: unknown[] }).frames).toEqual([{ index: 1, duplicate: true }]);
    const retryBoth = await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form([{ index: 1, bytes: PHOTO }, { index: 0, bytes: PHOTO }]) });
    expect(retryBoth.status).toBe(200);
  });

  it("frames over the clip's limit are refused before analysis, with no Retry-After (the limit never lifts)", async () => {
    const k = await provisionKey("over-limit", { framesPerClip: 2 });
    const id = await newClip(k.headers);
    // Three frames, none an image: refused on the count, never analysed.
    const over = await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form([0, 1, 2].map((index) => ({ index, bytes: GARBAGE }))) });
    const p = await problem(over, 429, "rate_limited");
    expect(p).toMatchObject({ limit: "framesPerClip", max: 2 });
    expect(p).not.toHaveProperty("retryAfter");
    expect(over.headers.get("retry-after")).toBeNull();
    expect((await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form([{ index: 0, bytes: PHOTO }, { index: 1, bytes: PHOTO }]) })).status).toBe(200);
    // At the limit: a new index (with a duplicate beside it) adds nothing, not analysed either.
    const more = await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form([{ index: 1, bytes: PHOTO }, { index: 2, bytes: GARBAGE }]) });
    await problem(more, 429, "rate_limited");
    expect(more.headers.get("retry-after")).toBeNull();
    const rawOver = await raw(id, 3, GARBAGE, k.headers);
    await problem(rawOver, 429, "rate_limited");
    expect(rawOver.headers.get("retry-after")).toBeNull();
    expect(await (await call(`/v1/clips/${id}`, { headers: k.headers })).json()).toMatchObject({ framesReceived: 2 });
  });

  it("a duplicate is not charged against the key's bytes per day", async () => {
    const k = await provisionKey("dup-not-charged", { bytesPerDay: Math.floor(PHOTO.length * 1.5) });
    const id = await newClip(k.headers);
    expect((await raw(id, 0, PHOTO, k.headers)).status).toBe(200);
    // A second copy would pass the day's budget; as a duplicate it costs nothing.
    for (let i = 0; i < 3; i++) expect((await raw(id, 0, PHOTO, k.headers)).status).toBe(200);
    // A new frame of the same size is over the budget.
    const fresh = await raw(id, 1, PHOTO, k.headers);
    expect(await problem(fresh, 429, "rate_limited")).toMatchObject({ limit: "bytesPerDay" });
  });

  it("another key's clip is not found before anything else is looked at", async () => {
    const owner = await provisionKey("owner");
    const other = await provisionKey("other", { framesPerClip: 0 });
    const id = await newClip(owner.headers);
    await problem(await raw(id, 0, GARBAGE, other.headers), 404, "not_found");
  });
});

describe("clip frames: multipart limits and the image field", () => {
  it(`${MAX_FRAMES_PER_REQUEST + 1} frames in one multipart request: the "at most ${MAX_FRAMES_PER_REQUEST} frames" problem`, async () => {
    const k = await provisionKey("too-many-in-request");
    const id = await newClip(k.headers);
    for (const n of [MAX_FRAMES_PER_REQUEST + 1, 40]) {
      const frames = Array.from({ length: n }, (_, index) => ({ index, bytes: GARBAGE }));
      const p = await problem(await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form(frames) }), 400, "bad_options");
      expect(p.detail).toContain(`At most ${MAX_FRAMES_PER_REQUEST} frames per request`);
    }
  });

  it("takes frames as `image` files, and as the deprecated `frame` alias, but not both in one request", async () => {
    const k = await provisionKey("image-field");
    const id = await newClip(k.headers);
    const byImage = await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form([{ index: 0, bytes: PHOTO }], "image") });
    expect(byImage.status).toBe(200);
    const byFrame = await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form([{ index: 1, bytes: PHOTO }], "frame") });
    expect(byFrame.status).toBe(200);
    const both = form([{ index: 2, bytes: PHOTO }], "image");
    both.append("frame", new File([PHOTO as BlobPart], "3.jpg", { type: "image/jpeg" }));
    both.append("index", "3");
    const p = await problem(await call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: both }), 400, "bad_options");
    expect(p.detail).toContain("image");
    expect(await (await call(`/v1/clips/${id}`, { headers: k.headers })).json()).toMatchObject({ framesReceived: 2 });
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, any> };
    const schema = doc.paths["/v1/clips/{id}/frames"].post.requestBody.content["multipart/form-data"].schema;
    expect(schema.required).toContain("image");
    expect(schema.properties.frame.deprecated).toBe(true);
  });
});
