import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeJpeg } from "../../src/image/jpeg/decoder.ts";
import { photonDecode } from "../../src/image/photon.ts";
import { boxDownscale } from "../../src/image/pixels.ts";
import { meanAbsDiff } from "../worker/image-helpers.ts";

const FIXTURES = [
  "test/fixtures/demo/sample1.jpg", // baseline 4:2:0
  "test/fixtures/s1-progressive.jpg",
  "test/fixtures/s2-422-restart.jpg", // 4:2:2, 957x637, restart every 7 MCUs
  "test/fixtures/s2-progressive-422-restart.jpg",
  "test/fixtures/s3-444.jpg",
  "test/fixtures/s4-gray-restart.jpg", // 955x641
  "test/fixtures/s4-progressive-gray.jpg",
  "test/fixtures/s5-rgb.jpg", // RGB colour model, no YCbCr transform
];

// Measured (tools/fixtures/measure-decode.ts era): 0.01-0.22 at full size, where the
// only differences are chroma upsampling (we replicate, photon interpolates) and
// IDCT rounding; <= 0.93 at 1/2..1/8, where progressive files keep only low frequencies.
const BUDGET: Record<number, number> = { 1: 0.3, 2: 1.0, 4: 1.3, 8: 1.7 };

describe("streaming JPEG decoder vs photon's full decode", () => {
  for (const file of FIXTURES) {
    it(file.split("/").pop()!, () => {
      const bytes = new Uint8Array(readFileSync(file));
      const full = photonDecode(bytes).image;
      for (const s of [1, 2, 4, 8] as const) {
        const ours = decodeJpeg(bytes, s);
        expect([ours.fullWidth, ours.fullHeight]).toEqual([full.width, full.height]);
        const mad = meanAbsDiff(ours, boxDownscale(full, s));
        expect(mad, `1/${s}`).toBeLessThan(BUDGET[s]);
      }
    });
  }

  it("decodes the 12 MP photo at 1/2 within 0.5 levels of photon's downscaled full decode", () => {
    const bytes = new Uint8Array(readFileSync("test/fixtures/photo-12mp.jpg"));
    const { image: full, wasmBytes } = photonDecode(bytes);
    expect(wasmBytes).toBeGreaterThan(128 * 1024 * 1024); // why photon cannot do this one in a Worker
    const ours = decodeJpeg(bytes, 2);
    expect([ours.width, ours.height]).toEqual([2016, 1512]);
    expect(meanAbsDiff(ours, boxDownscale(full, 2))).toBeLessThan(0.5);
  });
});
