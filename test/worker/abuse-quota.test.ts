import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signUploadQuery } from "../../src/uploads/signed-url.ts";
import { provisionKey } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";

// Issue 12 point 3: byte quotas charge the bytes actually accepted, after the
// slot checks. Whoever holds an upload URL must not be able to spend its
// owner's daily budget with requests that store nothing.
const PHOTO = SAMPLE_PHOTOS[0];
const MiB = 1024 * 1024;
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(`http://faceflare.test${path}`, init);
const SECRET = (env as unknown as { UPLOAD_SIGNING_SECRET: string }).UPLOAD_SIGNING_SECRET;

type Slots = { prefix: string; slots: { key: string; url: string }[] };

async function slots(headers: Record<string, string>, count: number): Promise<Slots> {
  const res = await call("/v1/uploads", { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ count }) });
  expect(res.status).toBe(201);
  return res.json();
}

const put = (url: string, body: BodyInit, length: number, type = "image/jpeg") =>
  exports.default.fetch(url, { method: "PUT", headers: { "content-type": type, "content-length": String(length) }, body });

/** A body that declares `length` bytes and never sends one: the headers of a request whose bytes never come. */
const headerOnly = (length: number) => new FixedLengthStream(length).readable;

afterEach(() => vi.useRealTimers());

describe("byte quotas charge accepted bytes, after the slot checks", () => {
  it("110 header-only PUTs to a used slot do not drain the owner's daily quota", async () => {
    // Room for exactly two uploads of the photo.
    const k = await provisionKey("drain", { bytesPerDay: 2 * PHOTO.length });
    const s = await slots(k.headers, 3);
    expect((await put(s.slots[0].url, PHOTO, PHOTO.length)).status).toBe(201);
    for (let i = 0; i < 110; i++) {
      const res = await put(s.slots[0].url, headerOnly(20 * MiB), 20 * MiB);
      expect(res.status).toBe(409);
      await res.arrayBuffer();
    }
    // Exactly one more photo fits; the one after it does not.
    expect((await put(s.slots[1].url, PHOTO, PHOTO.length)).status).toBe(201);
    const third = await put(s.slots[2].url, PHOTO, PHOTO.length);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: "rate_limited", limit: "bytesPerDay" });
  });

  it("an expired slot, a tampered one and a body that is not an image cost nothing", async () => {
    const k = await provisionKey("free-refusals", { bytesPerDay: PHOTO.length + 10 });
    const s = await slots(k.headers, 2);
    const key = s.slots[0].key;
    const expired = await signUploadQuery(SECRET, { key, expires: Math.floor(Date.now() / 1000) - 5, maxBytes: 20 * MiB, contentTypes: ["image/jpeg"] });
    for (let i = 0; i < 3; i++) expect((await put(`http://x/v1/${key}?${expired}`, PHOTO, PHOTO.length)).status).toBe(410);
    const tampered = new URL(s.slots[0].url);
    tampered.searchParams.set("max", String(30 * MiB));
    expect((await put(tampered.toString(), PHOTO, PHOTO.length)).status).toBe(403);
    const text = new TextEncoder().encode("<html>" + "x".repeat(PHOTO.length - 100) + "</html>");
    expect((await put(s.slots[0].url, text, text.length)).status).toBe(415);
    // The whole budget is still there for the one photo.
    expect((await put(s.slots[1].url, PHOTO, PHOTO.length)).status).toBe(201);
  });

  it("a body refused on its declared length costs nothing on authenticated routes either", async () => {
    // 21 MiB declared, nothing sent: 413 before a byte is read.
    const k = await provisionKey("declared", { bytesPerDay: 21 * MiB + 10 });
    const refused = await call("/v1/uploads", { method: "POST", headers: { ...k.headers, "content-type": "application/json", "content-length": String(21 * MiB) }, body: headerOnly(21 * MiB) });
    expect(refused.status).toBe(413);
    await refused.arrayBuffer();
    const body = JSON.stringify({ count: 1 });
    const ok = await call("/v1/uploads", { method: "POST", headers: { ...k.headers, "content-type": "application/json" }, body });
    expect(ok.status).toBe(201);
  });

  it("a request larger than the whole daily budget is refused without a Retry-After (waiting never helps)", async () => {
    const k = await provisionKey("tiny-budget", { bytesPerDay: 100 });
    const s = await slots(k.headers, 1); // a small JSON body: fits
    const res = await put(s.slots[0].url, PHOTO, PHOTO.length);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeNull();
    expect(await res.json()).toMatchObject({ code: "rate_limited", limit: "bytesPerDay", max: 100 });
  });
});
