/**
 * The decoder's bounds, one attack at a time: the file that is size-checked is
 * the file that is decoded; scans, passes and coded data are bounded by the
 * frame; tables are defined wherever they appear; 4-component JPEGs decode;
 * PNG/WebP reach photon only once bounded. Fixtures: tools/fixtures/make-*.ts.
 */
import { readFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FaceflareError } from "../../src/core/errors.ts";
import { decodeImage } from "../../src/image/decode.ts";
import { readJpegHeader } from "../../src/image/header.ts";
import { decodeJpeg } from "../../src/image/jpeg/decoder.ts";
import { openJpeg } from "../../src/image/jpeg/head.ts";
import { segments, standsAlone } from "../../src/image/jpeg/segments.ts";
import { MAX_JPEG_SCANS, MAX_PNG_CHUNKS } from "../../src/image/limits.ts";
import { pngForPhoton } from "../../src/image/png.ts";
import { encodeJpeg } from "../../tools/fixtures/jpeg-encode.ts";
import { meanAbsDiff } from "../worker/image-helpers.ts";

const file = (path: string) => new Uint8Array(readFileSync(path));
const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
const concat = (...parts: ArrayLike<number>[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};
const same = (a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray) => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
/** Offset of the n-th SOS marker from the end (0: the last). */
const sosFromEnd = (b: Uint8Array, n = 0) => {
  const all = [];
  for (let i = 2; i + 1 < b.length; i++) if (b[i] === 0xff && b[i + 1] === 0xda) all.push(i);
  return all[all.length - 1 - n];
};
async function problem(p: Promise<unknown>): Promise<FaceflareError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FaceflareError);
    return e as FaceflareError;
  }
  throw new Error("decoded without a problem");
}
/** SOI, flat 8-bit tables whose zero bits decode as flat blocks, a frame, and the given tail. */
function flatJpeg(sof: number, w: number, h: number, comps: number[][], tail: number[]): Uint8Array {
  return new Uint8Array([
    0xff, 0xd8,
    ...seg(0xdb, [0, ...Array(64).fill(1)]),
    ...seg(0xc4, [0x00, 1, ...Array(15).fill(0), 0]),
    ...seg(0xc4, [0x10, 1, ...Array(15).fill(0), 0]),
    ...seg(sof, [8, h >> 8, h & 255, w >> 8, w & 255, comps.length, ...comps.flat()]),
    ...tail,
    0xff, 0xd9,
  ]);
}

describe("one marker walker, one frame", () => {
  it("has one definition of markers without a length: SOI, EOI, RSTn, TEM", () => {
    const alone = [...Array(256).keys()].filter(standsAlone);
    expect(alone).toEqual([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9]);
    // TEM followed by bytes that look like a length: the walker does not skip them.
    const b = new Uint8Array([0xff, 0xd8, 0xff, 0x01, 0x00, 0x04, ...seg(0xfe, [1, 2]), 0xff, 0xd9]);
    expect([...segments(b)].map((s) => s.marker)).toEqual([0xfe]);
  });

  it("refuses the TEM decoy (checked as 16x16, decoded as 7000x7000 before) as corrupt, in milliseconds", async () => {
    const decoy = file("test/fixtures/hostile/decoy-sof.jpg");
    const t0 = performance.now();
    const e = await problem(decodeImage(decoy));
    expect(e.code).toBe("corrupt_image");
    expect(e.detail).toContain("second frame header");
    expect(performance.now() - t0).toBeLessThan(500); // was 2-10 s and a 196 MB image
  });

  it("refuses a second SOF, and a SOF after a scan", async () => {
    const comps = [[1, 0x11, 0]];
    const scan = seg(0xda, [1, 1, 0x00, 0, 63, 0]);
    const two = flatJpeg(0xc0, 16, 16, comps, [...seg(0xc0, [8, 0, 64, 0, 64, 1, 1, 0x11, 0]), ...scan]);
    expect((await problem(decodeImage(two))).detail).toContain("second frame header");
    const dcScan = seg(0xda, [1, 1, 0x00, 0, 0, 0]);
    const after = flatJpeg(0xc2, 16, 16, comps, [...dcScan, ...seg(0xc2, [8, 0, 64, 0, 64, 1, 1, 0x11, 0]), ...dcScan]);
    expect((await problem(decodeImage(after))).detail).toContain("after a scan");
  });

  it("size-checks and decodes the same frame object", () => {
    for (const f of ["test/fixtures/s2-progressive-422-restart.jpg", "test/fixtures/cmyk-ycck.jpg", "test/fixtures/s4-gray-restart.jpg"]) {
      const head = openJpeg(file(f));
      const r = decodeJpeg(head, 2);
      expect([r.fullWidth, r.fullHeight]).toEqual([head.frame.width, head.frame.height]);
      expect(readJpegHeader(file(f))).toEqual({ width: head.frame.width, height: head.frame.height });
    }
  });

  it("latches each component's quantization table at its first scan (a later DQT cannot change coded data)", () => {
    const p = file("test/fixtures/fuzz/progressive-420.jpg");
    const at = sosFromEnd(p);
    const spoiled = concat(p.subarray(0, at), seg(0xdb, [0, ...Array(64).fill(255), 1, ...Array(64).fill(255)]), p.subarray(at));
    expect(same(decodeJpeg(spoiled, 1).data, decodeJpeg(p, 1).data)).toBe(true);
  });
});

describe("work bounded by the frame", () => {
  it("refuses the scan bomb (5000 end-of-band scans after a 12 MP photo) as too large", async () => {
    const t0 = performance.now();
    const e = await problem(decodeImage(file("test/fixtures/hostile/scan-bomb.jpg")));
    expect(e.code).toBe("too_large");
    expect(performance.now() - t0).toBeLessThan(5000); // was 12-17 s
  });

  it(`caps scans at ${MAX_JPEG_SCANS}, even scans of a small component`, async () => {
    const p = file("test/fixtures/fuzz/progressive-420.jpg");
    const eob14 = seg(0xc4, [0x11, 1, ...Array(15).fill(0), 0xe0]); // AC table 1: "0" = a 16383-block EOB run
    const cbScan = seg(0xda, [1, 2, 0x01, 1, 1, 0x00]);
    const ok = concat(p.subarray(0, p.length - 2), eob14, ...Array(MAX_JPEG_SCANS - 10).fill(cbScan), [0xff, 0xd9]);
    expect((await decodeImage(ok)).width).toBe(61); // 10 real scans + 54: within the cap
    const bomb = concat(p.subarray(0, p.length - 2), eob14, ...Array(MAX_JPEG_SCANS).fill(cbScan), [0xff, 0xd9]);
    expect((await problem(decodeImage(bomb))).detail).toContain(`more than ${MAX_JPEG_SCANS} scans`);
  });

  it("refuses more coded data per pixel than a photograph has, without decoding past the budget", async () => {
    let seed = 3;
    const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 255;
    const w = 96, h = 64, plane = (id: number) => ({ id, h: 1, v: 1, table: 0 as const, samples: new Uint8Array(w * h).map(noise) });
    const dense = encodeJpeg({ width: w, height: h, quality: 100, planes: [plane(1), plane(2), plane(3)] });
    expect((dense.length * 8) / (w * h)).toBeGreaterThan(24);
    expect((await problem(decodeImage(dense))).detail).toContain("bits of coded data per pixel");
  });

  it("reports the budget, not the nonsense decoded past it, when a scan runs over it", () => {
    // Gray 64x64 progressive: a DC scan, then an AC refinement scan whose table reads "1" as an
    // end of band and "0" as a 15-zero run (past a 1..5 band: corrupt). Its data is 8 stuffed FF
    // bytes, one block per bit; past a 4-byte budget the reader feeds zeros.
    const table = seg(0xc4, [0x10, 2, ...Array(15).fill(0), 0xf1, 0x00]);
    const data = Array(8).fill([0xff, 0x00]).flat();
    const img = flatJpeg(0xc2, 64, 64, [[1, 0x11, 0]], [...seg(0xda, [1, 1, 0x00, 0, 0, 0]), ...table, ...seg(0xda, [1, 1, 0x00, 1, 5, 0x10]), ...data]);
    const limits = { scans: MAX_JPEG_SCANS, passes: 16 };
    expect(decodeJpeg(img, 1, { ...limits, bitsPerPixel: 1 }).width).toBe(64);
    expect(() => decodeJpeg(img, 1, { ...limits, bitsPerPixel: (4 * 8) / (64 * 64) })).toThrow(/bits of coded data per pixel/);
  });

  it("picks a stronger reduction when the coefficient store would not fit (3198x3198 progressive 4:4:4)", async () => {
    const comps = [[1, 0x11, 0], [2, 0x11, 0], [3, 0x11, 0]];
    const img = flatJpeg(0xc2, 3198, 3198, comps, seg(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 0, 0]));
    const d = await decodeImage(img);
    expect(d.scale).toBe(0.5); // full size would allocate 106 MB
    expect([d.image.width, d.image.height]).toEqual([1599, 1599]);
    const baseline = await decodeImage(flatJpeg(0xc0, 3198, 3198, comps, seg(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0])));
    expect(baseline.scale).toBe(1); // streamed: only the 41 MB output
  });
});

describe("CMYK and YCCK JPEGs (Adobe APP14)", () => {
  const source = () => decodeImage(file("test/fixtures/cmyk-source.jpg"));
  // Measured: 1.47 (CMYK, baseline and progressive), 1.84 (YCCK, chroma subsampled) levels from the
  // RGB source; ImageMagick's decodes of the same files are 1.27 and 1.65 from it.
  for (const [name, budget] of [["cmyk-adobe", 2], ["cmyk-progressive", 2], ["cmyk-ycck", 2.5]] as const) {
    it(`${name} decodes to the photo (inverted CMYK as Photoshop writes it)`, async () => {
      const d = await decodeImage(file(`test/fixtures/${name}.jpg`));
      expect(d).toMatchObject({ width: 479, height: 341, type: "jpeg" });
      expect(meanAbsDiff(d.image, (await source()).image)).toBeLessThan(budget);
    });
  }

  it("without an Adobe marker, 4 components are CMYK (libjpeg's default), inverted as browsers take them", async () => {
    const b = file("test/fixtures/cmyk-adobe.jpg");
    const app14 = [...segments(b)].find((s) => s.marker === 0xee)!;
    const bare = concat(b.subarray(0, app14.start - 4), b.subarray(app14.end));
    expect(same((await decodeImage(bare)).image.data, (await decodeImage(b)).image.data)).toBe(true);
  });
});

describe("PNG and WebP bounded before photon", () => {
  const png = file("test/fixtures/fuzz/rgb.png");
  const chunk = (type: string, data: Uint8Array) => {
    const td = concat(new TextEncoder().encode(type), data);
    const c = crc32(td) >>> 0;
    const len = data.length;
    return concat([len >>> 24, (len >>> 16) & 255, (len >>> 8) & 255, len & 255], td, [c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255]);
  };
  const afterIhdr = 8 + 25;
  const withChunks = (...cs: Uint8Array[]) => concat(png.subarray(0, afterIhdr), ...cs, png.subarray(afterIhdr));

  it("drops ancillary chunks, so an iCCP profile that inflates to 50 MB never reaches photon", async () => {
    const bomb = withChunks(chunk("iCCP", concat(new TextEncoder().encode("icc\0\0"), deflateSync(new Uint8Array(50e6)))));
    expect(bomb.length).toBeLessThan(60_000);
    const forPhoton = pngForPhoton(bomb, 61, 43);
    expect(new TextDecoder("latin1").decode(forPhoton)).not.toContain("iCCP");
    const d = await decodeImage(bomb);
    expect(same(d.image.data, (await decodeImage(png)).image.data)).toBe(true);
  });

  it("refuses IDAT that holds more than the image, IDAT that is not consecutive, and too many chunks", async () => {
    const extra = withChunks(chunk("IDAT", new Uint8Array(61 * 43 * 3 * 2)));
    expect((await problem(decodeImage(extra))).detail).toMatch(/compressed image data|not consecutive/);
    const idat = (() => {
      const at = new TextDecoder("latin1").decode(png).indexOf("IDAT") - 4;
      return concat(png.subarray(0, at), chunk("tEXt", new TextEncoder().encode("a\0b")), png.subarray(at));
    })();
    expect(await decodeImage(idat)).toMatchObject({ width: 61 }); // text before IDAT is fine
    const split = new TextDecoder("latin1").decode(png).lastIndexOf("IDAT") - 4;
    const apart = concat(png.subarray(0, split), chunk("tEXt", new TextEncoder().encode("a\0b")), png.subarray(split));
    expect((await problem(decodeImage(apart))).detail).toContain("not consecutive");
    const many = withChunks(...Array(MAX_PNG_CHUNKS).fill(chunk("abCd", new Uint8Array(0))));
    expect(await problem(decodeImage(many))).toMatchObject({ code: "too_large" });
  });

  it("refuses a WebP whose bitstream is larger than its canvas, and animation frames", async () => {
    const lossy = file("test/fixtures/fuzz/lossy.webp"); // a simple VP8 file, 61x43
    const vp8 = lossy.subarray(12);
    const riff = (body: Uint8Array) => concat(new TextEncoder().encode("RIFF"), [body.length + 4, (body.length + 4) >> 8, 0, 0], new TextEncoder().encode("WEBP"), body);
    const vp8x = (w: number, h: number) => concat(new TextEncoder().encode("VP8X"), [10, 0, 0, 0, 0, 0, 0, 0, w - 1, 0, 0, h - 1, 0, 0]);
    expect(await decodeImage(riff(concat(vp8x(61, 43), vp8)))).toMatchObject({ width: 61, height: 43 });
    expect((await problem(decodeImage(riff(concat(vp8x(16, 16), vp8))))).detail).toContain("61x43 but the file declares 16x16");
    const anmf = concat(new TextEncoder().encode("ANMF"), [0, 0, 0, 0]);
    expect(await problem(decodeImage(riff(concat(vp8x(61, 43), anmf, vp8))))).toMatchObject({ code: "unsupported_type" });
  });
});
