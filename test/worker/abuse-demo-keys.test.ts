import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildApp } from "../../src/app.ts";
import { provisionKey } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";

// Issue 12 point 8: demo keys are counted per IPv4 address or IPv6 /64
// (however the address is written), under a global rate cap, and a demo key
// cannot start a batch that would outlive it.
const PHOTO = SAMPLE_PHOTOS[0];
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(`http://faceflare.test${path}`, init);
const mint = (ip: string) => call("/v1/demo/key", { method: "POST", headers: { "cf-connecting-ip": ip } });

/** Fresh one-minute windows: the clock moves to just after a minute starts, `ahead` minutes on (each test its own). */
function startOfMinute(ahead: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ahead * 60_000 - (Date.now() % 60_000) + 100);
}

afterEach(() => vi.useRealTimers());

describe("demo keys", () => {
  it("one IPv6 /64 gets the per-client allowance, however its addresses are written", async () => {
    startOfMinute(2);
    const perMinute = Number((env as unknown as { DEMO_KEYS_PER_MINUTE: string }).DEMO_KEYS_PER_MINUTE);
    expect(perMinute).toBe(5);
    // Five different addresses of 2001:db8:a:b::/64, in five spellings.
    const same64 = ["2001:db8:a:b::1", "2001:0DB8:000A:000B:0000:0000:0000:0002", "2001:db8:a:b:ffff:ffff:ffff:ffff", "2001:db8:a:b:1::", "2001:db8:a:b:0:0:1.2.3.4"];
    for (const ip of same64) expect((await mint(ip)).status).toBe(201);
    const refused = await mint("2001:db8:a:b:dead:beef:0:1");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: "rate_limited", limit: "demoKeysPerNetwork", max: 5 });
    // The next /64 is another client.
    expect((await mint("2001:db8:a:c::1")).status).toBe(201);
  });

  it("an IPv4 address and its IPv4-mapped IPv6 forms are one client", async () => {
    startOfMinute(4);
    const forms = ["198.51.100.7", "::ffff:198.51.100.7", "::FFFF:c633:6407", "0:0:0:0:0:ffff:198.51.100.7", "0000:0000:0000:0000:0000:FFFF:C633:6407"];
    for (const ip of forms) expect((await mint(ip)).status).toBe(201);
    expect((await mint("::ffff:c633:6407")).status).toBe(429);
    expect((await mint("198.51.100.8")).status).toBe(201);
  });

  it("a global cap bounds demo keys across all clients", async () => {
    startOfMinute(6);
    const app = buildApp();
    const capped = { ...(env as object), DEMO_KEYS_GLOBAL_PER_MINUTE: "3" };
    const mintAt = (ip: string) => app.request("http://faceflare.test/v1/demo/key", { method: "POST", headers: { "cf-connecting-ip": ip } }, capped);
    for (let i = 0; i < 3; i++) expect((await mintAt(`203.0.113.${i + 1}`)).status).toBe(201);
    const res = await mintAt("203.0.113.99");
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ code: "rate_limited", limit: "demoKeysPerMinute" });
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a key that expires soon cannot start a batch that would outlive it", async () => {
    const k = await provisionKey("short-lived", {}, 120);
    const slots = (await (await call("/v1/uploads", { method: "POST", headers: { ...k.headers, "content-type": "application/json" }, body: JSON.stringify({ count: 1 }) })).json()) as { prefix: string; slots: { url: string }[] };
    const put = await exports.default.fetch(slots.slots[0].url, { method: "PUT", headers: { "content-type": "image/jpeg", "content-length": String(PHOTO.length) }, body: PHOTO });
    expect(put.status).toBe(201);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 100_000); // 20 s of life left
    const res = await call("/v1/batches", { method: "POST", headers: { ...k.headers, "content-type": "application/json" }, body: JSON.stringify({ prefix: slots.prefix, options: { tasks: ["gender"] } }) });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "forbidden", detail: expect.stringMatching(/expires/) });
  });
});
