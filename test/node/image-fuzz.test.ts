/**
 * Property: whatever bytes arrive, decodeImage answers with pixels no larger
 * than the size the file declares (and the limits allow), or a FaceflareError
 * with one of the image codes; never another exception, never unbounded work.
 * Inputs are real files (test/fixtures/fuzz/, tools/fixtures/make-fuzz-corpus.ts)
 * mutated byte-wise and structure-wise (whole segments or chunks duplicated,
 * dropped or moved: a second SOF, a scan twice, a table redefined mid-file).
 *
 * CI runs a fixed seed and a few seconds' budget. A longer run, new seed each time:
 *   npm run fuzz                       (FUZZ_RUNS=20000 by default; FUZZ_SEED=n to replay)
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FaceflareError } from "../../src/core/errors.ts";
import { decodeImage } from "../../src/image/decode.ts";
import { MAX_JPEG_DECODE_BYTES, MAX_PIXELS_JPEG, MAX_PIXELS_PHOTON } from "../../src/image/limits.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SEED = Number(process.env.FUZZ_SEED ?? 20260101);
const IMAGE_CODES = new Set(["not_an_image", "unsupported_type", "corrupt_image", "too_large", "too_many_pixels"]);
/** Far above any decode of these tiny files (~1 ms); only a stall or a bomb gets near it. */
const MAX_MS_PER_INPUT = 2000;

const DIR = "test/fixtures/fuzz";
const corpus = readdirSync(DIR).sort().map((name) => ({ name, bytes: new Uint8Array(readFileSync(`${DIR}/${name}`)) }));

/** Offsets where a JPEG marker segment or a PNG/WebP chunk starts: where structure-aware mutations cut. */
function boundaries(b: Uint8Array): number[] {
  const out = [0];
  if (b[0] === 0xff) {
    for (let i = 2; i + 1 < b.length; i++) if (b[i] === 0xff && b[i + 1] !== 0 && b[i + 1] !== 0xff) out.push(i);
  } else {
    const png = b[0] === 0x89;
    let p = png ? 8 : 12;
    while (p + 8 <= b.length) {
      out.push(p);
      const len = png ? ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0 : (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0;
      p += png ? 12 + len : 8 + len + (len & 1);
    }
  }
  out.push(b.length);
  return out;
}

const MARKERISH = [0x00, 0x01, 0xff, 0xd8, 0xd9, 0xda, 0xdb, 0xdd, 0xc0, 0xc2, 0xc4, 0xee, 0xe1, 0x10, 0x7f, 0x80];
const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...MARKERISH));
/** A position as a fraction of the input, uniform (fast-check's default bias would pile up at 0). */
const ratio = fc.noBias(fc.integer({ min: 0, max: 0xffff })).map((n) => n / 0x10000);
const mutation = fc.oneof(
  fc.record({ op: fc.constant("set" as const), at: ratio, value: byte }),
  fc.record({ op: fc.constant("setNearBoundary" as const), seg: ratio, offset: fc.integer({ min: 0, max: 24 }), value: byte }),
  fc.record({ op: fc.constant("flip" as const), at: ratio, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant("truncate" as const), at: ratio }),
  fc.record({ op: fc.constant("insert" as const), at: ratio, bytes: fc.array(byte, { minLength: 1, maxLength: 24 }) }),
  fc.record({ op: fc.constant("delete" as const), at: ratio, len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant("copySegment" as const), seg: ratio, to: ratio, times: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant("dropSegment" as const), seg: ratio }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(b: Uint8Array, m: Mutation): Uint8Array {
  const at = (r: number) => Math.floor(r * b.length);
  const cut = (r: number) => {
    const bs = boundaries(b);
    const i = Math.min(bs.length - 2, Math.floor(r * (bs.length - 1)));
    return [bs[i], bs[i + 1]];
  };
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) (out.set(p, o), (o += p.length));
    return out;
  };
  if (b.length === 0) return b;
  switch (m.op) {
    case "set": {
      const c = b.slice();
      c[at(m.at)] = m.value;
      return c;
    }
    case "setNearBoundary": {
      const c = b.slice();
      c[Math.min(b.length - 1, cut(m.seg)[0] + m.offset)] = m.value;
      return c;
    }
    case "flip": {
      const c = b.slice();
      c[at(m.at)] ^= 1 << m.bit;
      return c;
    }
    case "truncate":
      return b.subarray(0, at(m.at));
    case "insert":
      return join(b.subarray(0, at(m.at)), new Uint8Array(m.bytes), b.subarray(at(m.at)));
    case "delete":
      return join(b.subarray(0, at(m.at)), b.subarray(Math.min(b.length, at(m.at) + m.len)));
    case "copySegment": {
      const [s, e] = cut(m.seg);
      const to = cut(m.to)[0];
      return join(b.subarray(0, to), ...Array(m.times).fill(b.subarray(s, e)), b.subarray(to));
    }
    case "dropSegment": {
      const [s, e] = cut(m.seg);
      return join(b.subarray(0, s), b.subarray(e));
    }
  }
}

/** The property, for one input. */
async function answersSafely(input: Uint8Array): Promise<void> {
  const t0 = performance.now();
  try {
    const d = await decodeImage(input);
    const max = d.type === "jpeg" ? MAX_PIXELS_JPEG : MAX_PIXELS_PHOTON;
    expect(d.width * d.height).toBeLessThanOrEqual(max);
    expect(d.image.width).toBeLessThanOrEqual(d.width);
    expect(d.image.height).toBeLessThanOrEqual(d.height);
    expect(d.image.data.length).toBe(d.image.width * d.image.height * 4);
    if (d.type === "jpeg") expect(d.image.data.length).toBeLessThanOrEqual(MAX_JPEG_DECODE_BYTES);
  } catch (e) {
    if (!(e instanceof FaceflareError)) throw new Error(`not a FaceflareError: ${(e as Error)?.stack ?? e}`);
    expect(IMAGE_CODES, `${e.code}: ${e.detail}`).toContain(e.code);
  }
  expect(performance.now() - t0).toBeLessThan(MAX_MS_PER_INPUT);
}

describe("decodeImage under mutation (fast-check)", () => {
  for (const { name, bytes } of corpus) {
    it(`${name}: pixels within the declared size, or a problem code`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
          await answersSafely(ms.reduce(apply, bytes));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  it("random bytes behind each signature", async () => {
    const heads = [[0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [...new TextEncoder().encode("RIFF\0\0\0\0WEBP")]];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...heads), fc.uint8Array({ maxLength: 600 }), async (head, rest) => {
        await answersSafely(new Uint8Array([...head, ...rest]));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
