import { env as workersEnv, exports } from "cloudflare:workers";
import type { BatchEnv } from "../../src/batches/env.ts";
import { describe, expect, it } from "vitest";
import { signUploadQuery } from "../../src/uploads/signed-url.ts";
import { streamUploadToR2 } from "../../src/uploads/upload-stream.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { authHeaders } from "./helpers/auth.ts";
import { isUploadKey } from "../../src/uploads/upload-keys.ts";

type Slots = { prefix: string; expiresAt: string; maxBytes: number; contentTypes: string[]; slots: { key: string; url: string; method: "PUT" }[] };

const env = workersEnv as unknown as BatchEnv;
const JPEG = SAMPLE_PHOTOS[0];
const SECRET = env.UPLOAD_SIGNING_SECRET!;

async function getSlots(body: Record<string, unknown> = { count: 2 }): Promise<Slots> {
  const res = await exports.default.fetch("http://x/v1/uploads", { method: "POST", headers: { ...(await authHeaders()), "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return res.json();
}

function put(url: string, body: Uint8Array<ArrayBuffer>, type = "image/jpeg") {
  // Sent explicitly: in-process requests need not carry one; real clients always do.
  return exports.default.fetch(url, { method: "PUT", headers: { "content-type": type, "content-length": String(body.length) }, body });
}

async function storedKeys(prefix: string): Promise<string[]> {
  // Uploaded images only (the group's owner marker sits beside them).
  return (await env.UPLOADS.list({ prefix })).objects.map((o) => o.key).filter(isUploadKey);
}

async function expectRefused(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(await res.json()).toMatchObject({ status, code });
}

describe("signed upload URLs", () => {
  it("hands out N slots under one prefix, each bound to its own key", async () => {
    const s = await getSlots({ count: 3 });
    expect(s.slots).toHaveLength(3);
    expect(new Set(s.slots.map((x) => x.key)).size).toBe(3);
    for (const slot of s.slots) {
      expect(slot.key.startsWith(s.prefix)).toBe(true);
      expect(new URL(slot.url).pathname).toBe(`/v1/${slot.key}`);
    }
    expect(s.contentTypes).toEqual(["image/jpeg", "image/png", "image/webp"]);
  });

  it("stores one PUT, byte for byte, and refuses a second PUT to the same URL", async () => {
    const s = await getSlots({ count: 1 });
    const res = await put(s.slots[0].url, JPEG);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ key: s.slots[0].key, size: JPEG.length });
    const stored = await env.UPLOADS.get(s.slots[0].key);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(JPEG);

    await expectRefused(await put(s.slots[0].url, SAMPLE_PHOTOS[1]), 409, "conflict");
    const again = await env.UPLOADS.get(s.slots[0].key);
    expect(new Uint8Array(await again!.arrayBuffer())).toEqual(JPEG);
  });

  it("refuses a signature used on another key (and writes nothing)", async () => {
    const s = await getSlots({ count: 2 });
    const [a, b] = s.slots;
    const stolen = new URL(b.url);
    stolen.search = new URL(a.url).search;
    await expectRefused(await put(stolen.toString(), JPEG), 403, "forbidden");
    expect(await storedKeys(s.prefix)).toEqual([]);
  });

  it("refuses tampered grants (expiry, size, types, signature) and writes nothing", async () => {
    const s = await getSlots({ count: 1, maxBytes: 1000, contentTypes: ["image/png"] });
    const url = s.slots[0].url;
    const tamper = (param: string, value: string) => {
      const u = new URL(url);
      u.searchParams.set(param, value);
      return u.toString();
    };
    const sig = new URL(url).searchParams.get("sig")!;
    const cases = [
      tamper("expires", String(Number(new URL(url).searchParams.get("expires")) + 3600)),
      tamper("max", String(10 * 1024 * 1024)),
      tamper("types", "image/jpeg"),
      tamper("sig", (sig[0] === "A" ? "B" : "A") + sig.slice(1)),
      tamper("sig", ""),
    ];
    for (const u of cases) await expectRefused(await put(u, JPEG), 403, "forbidden");
    expect(await storedKeys(s.prefix)).toEqual([]);
  });

  it("refuses a URL signed with another key", async () => {
    const s = await getSlots({ count: 1 });
    const key = s.slots[0].key;
    const query = await signUploadQuery("some-other-secret-of-enough-length", {
      key,
      expires: Math.floor(Date.now() / 1000) + 600,
      maxBytes: 1 << 20,
      contentTypes: ["image/jpeg"],
    });
    await expectRefused(await put(`http://x/v1/${key}?${query}`, JPEG), 403, "forbidden");
    expect(await storedKeys(s.prefix)).toEqual([]);
  });

  it("refuses an expired URL with `expired` and writes nothing", async () => {
    const s = await getSlots({ count: 1 });
    const key = s.slots[0].key;
    const query = await signUploadQuery(SECRET, { key, expires: Math.floor(Date.now() / 1000) - 5, maxBytes: 1 << 24, contentTypes: ["image/jpeg"] });
    await expectRefused(await put(`http://x/v1/${key}?${query}`, JPEG), 410, "expired");
    expect(await storedKeys(s.prefix)).toEqual([]);
  });

  it("refuses an oversize body and writes nothing", async () => {
    const s = await getSlots({ count: 1, maxBytes: 1000 });
    expect(JPEG.length).toBeGreaterThan(1000);
    await expectRefused(await put(s.slots[0].url, JPEG), 413, "too_large");
    expect(await storedKeys(s.prefix)).toEqual([]);
  });

  it("stops a body that runs past the slot's size while streaming", async () => {
    const key = "uploads/00000000000000000000000000000000/0000";
    const body = new Blob([JPEG]).stream();
    await expect(streamUploadToR2(env.UPLOADS, key, body, JPEG.length, "image/jpeg", 1000)).rejects.toMatchObject({ code: "too_large" });
    expect(await env.UPLOADS.head(key)).toBeNull();
  });

  it("refuses a wrong Content-Type, a type the slot does not allow, and bytes that are not the declared type", async () => {
    const s = await getSlots({ count: 1, contentTypes: ["image/png", "image/jpeg"] });
    const url = s.slots[0].url;
    await expectRefused(await put(url, JPEG, "text/plain"), 415, "unsupported_type");
    await expectRefused(await put(url, JPEG, "image/png"), 415, "not_an_image");
    await expectRefused(await put(url, new TextEncoder().encode("<html>not a photo at all</html>"), "image/jpeg"), 415, "not_an_image");
    expect(await storedKeys(s.prefix)).toEqual([]);

    const pngOnly = await getSlots({ count: 1, contentTypes: ["image/png"] });
    await expectRefused(await put(pngOnly.slots[0].url, JPEG, "image/jpeg"), 415, "unsupported_type");
    expect(await storedKeys(pngOnly.prefix)).toEqual([]);
    // A refused attempt does not use up the slot.
    expect((await put(url, JPEG)).status).toBe(201);
  });

  it("validates slot requests with problem details", async () => {
    const res = await exports.default.fetch("http://x/v1/uploads", { method: "POST", headers: { ...(await authHeaders()), "content-type": "application/json" }, body: JSON.stringify({ count: 0 }) });
    await expectRefused(res, 400, "bad_options");
  });
});
