import { env, exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { provisionKey } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Each limit trips at exactly its number with a 429 problem and Retry-After,
// and clears when its window passes (the clock is moved, not waited for).
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(`http://faceflare.test${path}`, init);
const PHOTO = SAMPLE_PHOTOS[1];

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
});

afterEach(() => {
  vi.useRealTimers();
});

async function expect429(res: Response, limit: string, max: number, maxRetryAfter: number | null) {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  if (maxRetryAfter === null) {
    // A limit time does not lift: no Retry-After (issue 12).
    expect(res.headers.get("retry-after")).toBeNull();
    expect(await res.json()).toMatchObject({ status: 429, code: "rate_limited", limit, max });
    return;
  }
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  expect(await res.json()).toMatchObject({ type: "https://faceflare.dev/problems/rate_limited", status: 429, code: "rate_limited", limit, max, retryAfter });
}

const later = (ms: number) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ms);
};

describe("per-key limits", () => {
  it("requests per minute: the N+1th request of a minute is refused, the next minute is fresh", async () => {
    const k = await provisionKey("rpm", { requestsPerMinute: 3 });
    const other = await provisionKey("rpm-other", { requestsPerMinute: 3 });
    const probe = (h: Record<string, string>) => call(`/v1/clips/${"Z".repeat(32)}`, { headers: h });
    // Runs at the start of a minute so all four requests share one window.
    later(60_000 - (Date.now() % 60_000) + 100);
    for (let i = 0; i < 3; i++) {
      const res = await probe(k.headers);
      expect(res.status).toBe(404);
      expect(res.headers.get("ratelimit-remaining")).toBe(String(2 - i));
    }
    await expect429(await probe(k.headers), "requestsPerMinute", 3, 60);
    expect((await probe(other.headers)).status).toBe(404); // limits are per key
    vi.setSystemTime(Date.now() + 60_000);
    expect((await probe(k.headers)).status).toBe(404);
  });

  it("bytes per day: a body that would pass the day's budget is refused until the next UTC day", async () => {
    const k = await provisionKey("bytes", { bytesPerDay: Math.floor(PHOTO.length * 1.5) });
    const analyze = () => call("/v1/analyze?tasks=gender", { method: "POST", headers: { ...k.headers, "content-type": "image/jpeg", "content-length": String(PHOTO.length) }, body: PHOTO });
    expect((await analyze()).status).toBe(200);
    await expect429(await analyze(), "bytesPerDay", Math.floor(PHOTO.length * 1.5), 86_400);
    expect((await call("/v1/clips", { method: "POST", headers: k.headers })).status).toBe(201); // bodiless requests still pass
    later(86_400_000);
    expect((await analyze()).status).toBe(200);
  });

  it("frames per clip: a request that would pass the limit adds nothing", async () => {
    const k = await provisionKey("frames", { framesPerClip: 2 });
    const { id } = (await (await call("/v1/clips", { method: "POST", headers: k.headers })).json()) as { id: string };
    const post = (indices: number[]) => {
      const form = new FormData();
      for (const i of indices) {
        form.append("frame", new File([PHOTO], `${i}.jpg`, { type: "image/jpeg" }));
        form.append("index", String(i));
      }
      return call(`/v1/clips/${id}/frames`, { method: "POST", headers: k.headers, body: form });
    };
    await expect429(await post([0, 1, 2]), "framesPerClip", 2, null);
    expect((await post([0, 1])).status).toBe(200);
    await expect429(await post([2]), "framesPerClip", 2, null);
    expect(await (await call(`/v1/clips/${id}`, { headers: k.headers })).json()).toMatchObject({ framesReceived: 2 });
  });

  it("concurrent batches: a second running batch is refused until the first completes", async () => {
    const k = await provisionKey("batches", { concurrentBatches: 1 });
    // Groups are uploaded first, so the second batch is asked for right after the first
    // (a one-image batch may complete within the time an upload takes).
    const uploaded = async () => {
      const slots = (await (await call("/v1/uploads", { method: "POST", headers: { ...k.headers, "content-type": "application/json" }, body: JSON.stringify({ count: 1 }) })).json()) as { prefix: string; slots: { url: string }[] };
      const put = await exports.default.fetch(slots.slots[0].url, { method: "PUT", headers: { "content-type": "image/jpeg", "content-length": String(PHOTO.length) }, body: PHOTO });
      expect(put.status).toBe(201);
      return slots.prefix;
    };
    const batchOf = (prefix: string) => call("/v1/batches", { method: "POST", headers: { ...k.headers, "content-type": "application/json" }, body: JSON.stringify({ prefix, options: { tasks: ["gender"] } }) });
    const [a, b, c] = [await uploaded(), await uploaded(), await uploaded()];
    const first = await batchOf(a);
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    await expect429(await batchOf(b), "concurrentBatches", 1, 60);
    for (;;) {
      const p = (await (await call(`/v1/batches/${id}`, { headers: k.headers })).json()) as { status: string };
      if (p.status === "completed") break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await batchOf(c)).status).toBe(202);
  });
});
