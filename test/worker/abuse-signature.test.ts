import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { authHeaders } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";

// Issue 12 point 9: a signed upload URL has exactly one spelling. Numbers
// that read as the signed value (`+1`, `0x..`, `2.5e5`, `1 `, `01`) are
// another URL, and are refused like any tampering.
const PHOTO = SAMPLE_PHOTOS[0];

async function freshSlotUrl(): Promise<URL> {
  const res = await exports.default.fetch("http://x/v1/uploads", { method: "POST", headers: { ...(await authHeaders()), "content-type": "application/json" }, body: JSON.stringify({ count: 1 }) });
  expect(res.status).toBe(201);
  return new URL(((await res.json()) as { slots: { url: string }[] }).slots[0].url);
}

const put = (url: string) => exports.default.fetch(url, { method: "PUT", headers: { "content-type": "image/jpeg", "content-length": String(PHOTO.length) }, body: PHOTO });

/** Each spelling of `n` that Number() reads as n but is not its canonical decimal. */
const spellings = (n: number) => [`+${n}`, `0${n}`, `00${n}`, `${n}.0`, `${n} `, ` ${n}`, `${n}\t`, `0x${n.toString(16)}`, `${n / 10}e1`, `${n}e0`, `0b${n.toString(2)}`, `0o${n.toString(8)}`];

describe("canonical signature parameters", () => {
  for (const param of ["expires", "max"]) {
    it(`refuses non-canonical \`${param}\` (403) even though it reads as the signed number`, async () => {
      const sample = await freshSlotUrl();
      const n = Number(sample.searchParams.get(param));
      for (const spelled of spellings(n)) {
        expect(Number(spelled), spelled).toBe(n);
        const url = await freshSlotUrl();
        url.searchParams.set(param, spelled);
        const res = await put(url.toString());
        expect(res.status, `${param}=${JSON.stringify(spelled)}`).toBe(403);
        expect(await res.json()).toMatchObject({ code: "forbidden" });
      }
    });
  }

  it("refuses a repeated parameter (as malformed options) and still takes the canonical URL", async () => {
    const url = await freshSlotUrl();
    const doubled = new URL(url);
    doubled.searchParams.append("expires", url.searchParams.get("expires")!);
    expect((await put(doubled.toString())).status).toBe(400);
    expect((await put(url.toString())).status).toBe(201);
  });
});
