import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { revokeKey } from "../../src/auth/key-store.ts";
import type { Env } from "../../src/env.ts";
import { isUploadKey } from "../../src/uploads/upload-keys.ts";
import { provisionKey } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";

// Issue 12 point 4: an upload URL is worth no more than the key that asked
// for it. Revoked or expired, the key takes its URLs with it; and a URL never
// outlives its key to begin with.
const PHOTO = SAMPLE_PHOTOS[0];
const KEYS = (env as unknown as Env).KEYS;
const UPLOADS = (env as unknown as Env).UPLOADS;
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(`http://faceflare.test${path}`, init);

type Slots = { prefix: string; expiresAt: string; slots: { key: string; url: string }[] };

async function slots(headers: Record<string, string>, body: Record<string, unknown>): Promise<Slots> {
  const res = await call("/v1/uploads", { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return res.json();
}

const put = (url: string) => exports.default.fetch(url, { method: "PUT", headers: { "content-type": "image/jpeg", "content-length": String(PHOTO.length) }, body: PHOTO });
const stored = async (prefix: string) => (await UPLOADS.list({ prefix })).objects.map((o) => o.key).filter(isUploadKey);
const later = (ms: number) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ms);
};

afterEach(() => vi.useRealTimers());

describe("upload grants die with their key", () => {
  it("a revoked key's upload URLs stop working (403) and store nothing", async () => {
    const k = await provisionKey("revoked-later");
    const s = await slots(k.headers, { count: 2, expiresInSeconds: 7 * 24 * 3600 });
    expect((await put(s.slots[0].url)).status).toBe(201);
    expect(await revokeKey(KEYS, k.id)).toBe(true);
    const res = await put(s.slots[1].url);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "forbidden", detail: expect.stringMatching(/revoked/) });
    expect(await stored(s.prefix)).toEqual([s.slots[0].key]);
  });

  it("an expired key's upload URLs stop working and store nothing", async () => {
    const k = await provisionKey("expiring", {}, 900);
    const s = await slots(k.headers, { count: 1, expiresInSeconds: 7 * 24 * 3600 });
    later(16 * 60_000);
    const res = await put(s.slots[0].url);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ code: "expired" });
    expect(await stored(s.prefix)).toEqual([]);
  });

  it("a 15-minute key cannot hand out 7-day URLs: the grant's expiry is capped at the key's", async () => {
    const k = await provisionKey("demo-like", {}, 900);
    const [{ name }] = (await KEYS.list({ prefix: `apikey:${k.id}` })).keys;
    const record = (await KEYS.get(name, "json")) as { expiresAt: string };
    const s = await slots(k.headers, { count: 1, expiresInSeconds: 7 * 24 * 3600 });
    const keyExpires = Date.parse(record.expiresAt);
    expect(Date.parse(s.expiresAt)).toBeLessThanOrEqual(keyExpires);
    expect(Number(new URL(s.slots[0].url).searchParams.get("expires")) * 1000).toBeLessThanOrEqual(keyExpires);
    // A key without an expiry still gets what it asks for.
    const forever = await provisionKey("no-expiry");
    const long = await slots(forever.headers, { count: 1, expiresInSeconds: 7 * 24 * 3600 });
    expect(Date.parse(long.expiresAt)).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
  });

  it("revoking takes the full id or a unique prefix of 8 or more hex digits; `f` revokes nothing", async () => {
    const k = await provisionKey("prefix-probe");
    for (const p of [k.id[0], k.id.slice(0, 7), `${k.id.slice(0, 8)}*`]) expect(await revokeKey(KEYS, p), p).toBe(false);
    const works = await call("/v1/uploads", { method: "POST", headers: { ...k.headers, "content-type": "application/json" }, body: JSON.stringify({ count: 1 }) });
    expect(works.status).toBe(201);
    expect(await revokeKey(KEYS, k.id.slice(0, 8))).toBe(true);
    expect((await call("/v1/uploads", { method: "POST", headers: { ...k.headers, "content-type": "application/json" }, body: JSON.stringify({ count: 1 }) })).status).toBe(401);
  });
});
