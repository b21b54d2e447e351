import { describe, expect, it } from "vitest";
import { pickReduction } from "../../src/image/decode.ts";
import { tiffOrientation } from "../../src/image/exif.ts";
import { readJpegHeader, readPngHeader, readWebpHeader } from "../../src/image/header.ts";
import { applyOrientation } from "../../src/image/orient.ts";
import { boxDownscale } from "../../src/image/pixels.ts";
import { sniffImageType } from "../../src/image/sniff.ts";
import type { RgbaImage } from "../../src/image/types.ts";
import { FaceflareError } from "../../src/core/errors.ts";
import { jpegHeaderOnly, withExifOrientation } from "../worker/image-helpers.ts";

/** 3x2 image whose pixels are letters a..f (red channel). */
const letters = (): RgbaImage => ({ width: 3, height: 2, data: new Uint8ClampedArray([..."abcdef"].flatMap((c) => [c.charCodeAt(0), 0, 0, 255])) });
const rows = (img: RgbaImage) => {
  const out: string[] = [];
  for (let y = 0; y < img.height; y++) {
    let r = "";
    for (let x = 0; x < img.width; x++) r += String.fromCharCode(img.data[(y * img.width + x) * 4]);
    out.push(r);
  }
  return out.join("/");
};
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as FaceflareError).code;
  }
  return "none";
};
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe("EXIF orientation", () => {
  it("applies all 8 orientations as the EXIF spec draws them", () => {
    const expected = ["abc/def", "cba/fed", "fed/cba", "def/abc", "ad/be/cf", "da/eb/fc", "fc/eb/da", "cf/be/ad"];
    expected.forEach((want, i) => expect(rows(applyOrientation(letters(), i + 1)), `orientation ${i + 1}`).toBe(want));
  });

  it("reads IFD0 0x0112 in both byte orders and ignores junk", () => {
    for (const le of [false, true]) {
      for (let o = 1; o <= 8; o++) {
        const seg = withExifOrientation(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), o, le);
        expect(tiffOrientation(seg, 2 + 4 + 6, seg.length - 2)).toBe(o);
      }
    }
    expect(tiffOrientation(new Uint8Array(ascii("XX*\0\0\0\0\0")), 0, 8)).toBe(1);
  });
});

describe("type sniffing and header limits", () => {
  it("sniffs by magic bytes", () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("png");
    expect(sniffImageType(new Uint8Array(ascii("RIFF\0\0\0\0WEBPVP8 ")))).toBe("webp");
    expect(code(() => sniffImageType(new Uint8Array(ascii("GIF87a...."))))).toBe("unsupported_type");
    expect(code(() => sniffImageType(new Uint8Array(ascii("BM" + "\0".repeat(40)))))).toBe("unsupported_type");
    expect(code(() => sniffImageType(new Uint8Array(ascii("II*\0\0\0\0\0"))))).toBe("unsupported_type");
    expect(code(() => sniffImageType(new Uint8Array(ascii("\0\0\0\x18ftypheic"))))).toBe("unsupported_type");
    expect(code(() => sniffImageType(new Uint8Array(ascii("hello world, not an image"))))).toBe("not_an_image");
  });

  it("reads sizes from JPEG SOF, PNG IHDR and the three WebP headers", () => {
    expect(readJpegHeader(jpegHeaderOnly(4032, 3024, 3))).toEqual({ width: 4032, height: 3024 });
    expect(readJpegHeader(jpegHeaderOnly(10, 10, 4))).toEqual({ width: 10, height: 10 }); // CMYK/YCCK are decoded
    expect(code(() => readJpegHeader(jpegHeaderOnly(10, 10, 2)))).toBe("unsupported_type");
    const png = new Uint8Array(33);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...ascii("IHDR"), 0, 0, 0x0b, 0xb8, 0, 0, 0x07, 0xd0]);
    expect(readPngHeader(png)).toEqual({ width: 3000, height: 2000 });
    const webp = (chunk: string, body: number[]) => {
      const b = new Uint8Array(40);
      b.set([...ascii("RIFF"), 32, 0, 0, 0, ...ascii("WEBP"), ...ascii(chunk), 20, 0, 0, 0, ...body]);
      return b;
    };
    expect(readWebpHeader(webp("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x07, 0x38, 0x04]))).toEqual({ width: 1920, height: 1080 });
    const bits = (1919 | (1079 << 14)) >>> 0;
    expect(readWebpHeader(webp("VP8L", [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, bits >>> 24]))).toEqual({ width: 1920, height: 1080 });
    expect(readWebpHeader(webp("VP8X", [0, 0, 0, 0, 0x7f, 0x07, 0, 0x37, 0x04, 0]))).toEqual({ width: 1920, height: 1080 });
    expect(code(() => readWebpHeader(webp("VP8X", [0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0])))).toBe("unsupported_type"); // animated
  });

  it("picks the smallest power-of-two reduction that keeps the long side >= target", () => {
    expect(pickReduction(4032, 1600)).toBe(2);
    expect(pickReduction(1920, 1600)).toBe(1);
    expect(pickReduction(8192, 1600)).toBe(4);
    expect(pickReduction(60000, 1600)).toBe(8);
  });
});

describe("pixel utilities", () => {
  it("box-averages", () => {
    const img: RgbaImage = { width: 2, height: 2, data: new Uint8ClampedArray([0, 0, 0, 255, 100, 0, 0, 255, 50, 0, 0, 255, 50, 0, 0, 255]) };
    expect(Array.from(boxDownscale(img, 2).data)).toEqual([50, 0, 0, 255]);
  });
});
