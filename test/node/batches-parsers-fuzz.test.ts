import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "../../src/batches/webhook-url.ts";
import { FaceflareError } from "../../src/core/errors.ts";
import { IDEMPOTENCY_KEY_RE, parseIdempotencyKey } from "../../src/http/idempotency-key.ts";
import { decodeCursor, encodeCursor } from "../../src/routes/list-cursor.ts";

// Property tests of the client-facing parsers of batches and lists: the
// webhook URL rules (Node's URL parser is ada, the WHATWG parser workerd
// uses too), Idempotency-Key values and list cursors. Hostile input either
// parses to something the rules allow or is refused with a FaceflareError;
// nothing else escapes.
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const PROD = { allowLoopbackHttp: false };

/** Every textual form WHATWG URL parsing accepts for one IPv4 address. */
const ipv4Forms = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).chain(([a, b, c, d]) => {
  const n = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  const part = (v: number) => fc.constantFrom(String(v), `0x${v.toString(16)}`, `0${v.toString(8)}`);
  return fc.oneof(
    fc.constant(String(n)),
    fc.constant(`0x${n.toString(16)}`),
    fc.constant(`0${n.toString(8)}`),
    fc.tuple(part(a), part(b), part(c), part(d)).map((p) => p.join(".")),
    fc.constant(`${a}.${(b << 16) + (c << 8) + d}`),
    fc.constant(`${a}.${b}.${(c << 8) + d}`),
  );
});

describe("webhook URL rules (property)", () => {
  it("refuse every IPv4 address in every notation, and never throw", () => {
    fc.assert(
      fc.property(ipv4Forms, fc.constantFrom("https", "http"), fc.constantFrom("", ":443", ":8080"), (host, scheme, port) => {
        expect(checkWebhookUrl(`${scheme}://${host}${port}/hook`, PROD).ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("accept only https URLs of dotted, non-numeric, non-internal host names", () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 200 }), fc.ipV6().map((ip) => `https://[${ip}]/x`)), (raw) => {
        const verdict = checkWebhookUrl(raw, PROD);
        if (!verdict.ok) return;
        const url = new URL(verdict.url);
        expect(url.protocol).toBe("https:");
        expect(url.hostname).toContain(".");
        expect(url.hostname).not.toMatch(/^\[|\.(\d+|0x[0-9a-f]*)$|^(\d+\.){3}\d+$/i);
        expect(url.username + url.password).toBe("");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("Idempotency-Key values (property)", () => {
  it("are accepted exactly when they match the documented form", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^[A-Za-z0-9_.:~+/=-]{1,260}$/), fc.uuid()), (raw) => {
        let parsed: string | undefined;
        try {
          parsed = parseIdempotencyKey(raw);
        } catch (err) {
          expect(err).toBeInstanceOf(FaceflareError);
          expect((err as FaceflareError).code).toBe("bad_request");
        }
        const bare = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
        expect(parsed !== undefined).toBe(IDEMPOTENCY_KEY_RE.test(bare));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("list cursors (property)", () => {
  it("round-trip, stay bound to their list, and refuse anything else with bad_options", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (seq) => {
        expect(decodeCursor("batch", encodeCursor("batch", seq))).toBe(seq);
        expect(() => decodeCursor("clip", encodeCursor("batch", seq))).toThrow(FaceflareError);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        try {
          const seq = decodeCursor("clip", raw);
          expect(encodeCursor("clip", seq)).toBe(raw);
        } catch (err) {
          expect((err as FaceflareError).code).toBe("bad_options");
        }
      }),
      { numRuns: RUNS },
    );
  });
});
