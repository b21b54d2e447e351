import { PhotonImage } from "@cf-wasm/photon";
import { describe, expect, it } from "vitest";
import { decodeImage } from "../../src/image/decode.ts";
import { MAX_PIXELS_JPEG } from "../../src/image/limits.ts";
import { FaceflareError } from "../../src/core/errors.ts";
import sample1Url from "../fixtures/demo/sample1.jpg?inline";
import big12Url from "../fixtures/photo-12mp.jpg?inline";
import progressiveUrl from "../fixtures/s1-progressive.jpg?inline";
import rgbUrl from "../fixtures/s5-rgb.jpg?inline";
import { fromDataUrl, jpegHeaderOnly, meanAbsDiff, pixel, redStdDev, withExifOrientation } from "./image-helpers.ts";

const sample1 = fromDataUrl(sample1Url);

async function problemCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FaceflareError);
    return (e as FaceflareError).code;
  }
  return "no error";
}

/** PNG/WebP made at test time from a small JPEG fixture, plus its pixels. */
function encodedVariants() {
  const src = PhotonImage.new_from_byteslice(fromDataUrl(rgbUrl));
  const out = { png: src.get_bytes(), webp: src.get_bytes_webp(), pixels: { width: src.get_width(), height: src.get_height(), data: src.get_raw_pixels() } };
  src.free();
  return out;
}

describe("decodeImage in workerd", () => {
  it("decodes a real 1920x1280 photo at full size", async () => {
    const d = await decodeImage(sample1);
    expect(d).toMatchObject({ type: "jpeg", width: 1920, height: 1280, scale: 1, orientation: 1 });
    expect(d.image.width).toBe(1920);
    expect(d.image.data.length).toBe(1920 * 1280 * 4);
    expect(redStdDev(d.image)).toBeGreaterThan(20);
  });

  it("decodes a 12 MP JPEG at half size without full-resolution buffers", async () => {
    const d = await decodeImage(fromDataUrl(big12Url));
    expect(d).toMatchObject({ type: "jpeg", width: 4032, height: 3024, scale: 0.5 });
    expect([d.image.width, d.image.height]).toEqual([2016, 1512]);
    expect(redStdDev(d.image)).toBeGreaterThan(20);
  });

  it("decodes a progressive JPEG to the same picture as its baseline original", async () => {
    const [a, b] = await Promise.all([decodeImage(fromDataUrl(progressiveUrl)), decodeImage(sample1)]);
    expect(meanAbsDiff(a.image, b.image)).toBeLessThan(0.5); // jpegtran is lossless; only IDCT rounding differs
  });

  it("applies EXIF orientation 6 and 8: size swapped, pixels rotated", async () => {
    const plain = (await decodeImage(sample1, { targetMaxSide: 400 })).image; // 480x320 at 1/4
    for (const [o, le] of [[6, false], [8, true]] as const) {
      const d = await decodeImage(withExifOrientation(sample1, o, le), { targetMaxSide: 400 });
      expect(d).toMatchObject({ orientation: o, width: 1280, height: 1920, scale: 0.25 });
      expect([d.image.width, d.image.height]).toEqual([320, 480]);
      const h = plain.height, w = plain.width;
      for (const [x, y] of [[0, 0], [100, 37], [w - 1, h - 1], [250, 300]]) {
        const at = o === 6 ? pixel(d.image, h - 1 - y, x) : pixel(d.image, y, w - 1 - x);
        expect(at).toEqual(pixel(plain, x, y));
      }
    }
  });

  it("decodes PNG and WebP through photon", async () => {
    const v = encodedVariants();
    const png = await decodeImage(v.png);
    expect(png).toMatchObject({ type: "png", width: v.pixels.width, height: v.pixels.height, scale: 1 });
    expect(meanAbsDiff(png.image, v.pixels)).toBe(0);
    const webp = await decodeImage(v.webp);
    expect(webp.type).toBe("webp");
    expect(meanAbsDiff(webp.image, v.pixels)).toBeLessThan(3);
  });

  it("maps bad input to problem codes", async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    expect(await problemCode(decodeImage(random))).toBe("not_an_image");
    expect(await problemCode(decodeImage(new Uint8Array(0)))).toBe("not_an_image");
    expect(await problemCode(decodeImage(new TextEncoder().encode("GIF89a\x01\x00\x01\x00\x00\x00\x00;")))).toBe("unsupported_type");
    expect(await problemCode(decodeImage(sample1.subarray(0, Math.floor(sample1.length * 0.6))))).toBe("corrupt_image");
    expect(await problemCode(decodeImage(sample1.subarray(0, 300)))).toBe("corrupt_image");
    expect(await problemCode(decodeImage(sample1, { maxBytes: 1000 }))).toBe("too_large");
    expect(await problemCode(decodeImage(sample1, { maxPixels: 1920 * 1280 - 1 }))).toBe("too_many_pixels");
    // Declared size is refused before any decoding (the file has no pixel data at all).
    expect(MAX_PIXELS_JPEG).toBeLessThan(65000 * 65000);
    expect(await problemCode(decodeImage(jpegHeaderOnly(65000, 65000, 3)))).toBe("too_many_pixels");
    expect(await problemCode(decodeImage(jpegHeaderOnly(640, 480, 2)))).toBe("unsupported_type"); // 2 components
    expect(await problemCode(decodeImage(jpegHeaderOnly(640, 480, 4)))).toBe("corrupt_image"); // CMYK is decoded; this one has no scan
  });

  it("keeps photon usable after a decode that traps", async () => {
    const { png } = encodedVariants();
    const broken = png.slice();
    broken.fill(0x5a, 60, png.length - 20); // zlib stream garbage: the Rust decoder panics
    expect(await problemCode(decodeImage(broken))).toBe("corrupt_image");
    expect(await problemCode(decodeImage(png.subarray(0, png.length >> 1)))).toBe("corrupt_image");
    const again = await decodeImage(png);
    expect(again.type).toBe("png");
    expect(redStdDev(again.image)).toBeGreaterThan(20);
  });
});
