import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeImage } from "../../src/image/decode.ts";
import type { RgbaImage } from "../../src/image/types.ts";
import { type CropGeometry, faceCropGeometry, sampleCrop, wholeImageGeometry } from "../../src/pipeline/crop.ts";
import { cropsToTensor } from "../../src/pipeline/tensor.ts";
import type { Detection, Point } from "../../src/pipeline/types.ts";
import { Manifest, type InputSpec } from "../../src/runtime/manifest-schema.ts";

/**
 * The crop and tensor loops are written for speed; these are the plain
 * versions they replaced (one bilinear call per tap, one closure per value).
 * The fast ones must give the same bytes and floats, so accuracy figures
 * measured before the rewrite still hold.
 */
function sampleCropReference(img: RgbaImage, g: CropGeometry, outW: number, outH: number): Uint8Array {
  const out = new Uint8Array(outW * outH * 3);
  const k = Math.min(4, Math.max(1, Math.ceil(Math.max(g.width / outW, g.height / outH))));
  const [cos, sin, sx, sy] = [Math.cos(g.angle), Math.sin(g.angle), g.width / outW, g.height / outH];
  const px = (x: number, y: number, c: number) => (x < 0 || y < 0 || x >= img.width || y >= img.height ? 0 : img.data[(y * img.width + x) * 4 + c]);
  for (let v = 0; v < outH; v++)
    for (let u = 0; u < outW; u++) {
      const acc = [0, 0, 0];
      for (let j = 0; j < k; j++) {
        const dy = (v + (j + 0.5) / k) * sy - g.height / 2;
        for (let i = 0; i < k; i++) {
          const dx = (u + (i + 0.5) / k) * sx - g.width / 2;
          const x = g.cx + dx * cos - dy * sin - 0.5;
          const y = g.cy + dx * sin + dy * cos - 0.5;
          if (x < -1 || y < -1 || x > img.width || y > img.height) continue;
          const [x0, y0] = [Math.floor(x), Math.floor(y)];
          const [fx, fy] = [x - x0, y - y0];
          for (let c = 0; c < 3; c++)
            acc[c] += (px(x0, y0, c) * (1 - fx) + px(x0 + 1, y0, c) * fx) * (1 - fy) + (px(x0, y0 + 1, c) * (1 - fx) + px(x0 + 1, y0 + 1, c) * fx) * fy;
        }
      }
      for (let c = 0; c < 3; c++) out[(v * outW + u) * 3 + c] = Math.round(acc[c] / (k * k));
    }
  return out;
}

function cropsToTensorReference(crops: Uint8Array[], spec: InputSpec): Float32Array {
  const C = spec.colorOrder === "GRAY" ? 1 : 3;
  const plane = spec.width * spec.height;
  const data = new Float32Array(crops.length * plane * C);
  const order = spec.colorOrder === "BGR" ? [2, 1, 0] : [0, 1, 2];
  const gw = spec.grayWeights ?? [0.299, 0.587, 0.114];
  const at = (xs: number[], c: number) => xs[Math.min(c, xs.length - 1)];
  crops.forEach((rgb, n) => {
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < C; c++) {
        const px = C === 1 ? gw[0] * rgb[3 * p] + gw[1] * rgb[3 * p + 1] + gw[2] * rgb[3 * p + 2] : rgb[3 * p + order[c]];
        data[spec.layout === "NHWC" ? n * plane * C + p * C + c : n * plane * C + c * plane + p] = (px * spec.scale - at(spec.mean, c)) / at(spec.std, c);
      }
  });
  return data;
}

const ROOT = join(import.meta.dirname, "../..");
const manifest = Manifest.parse(JSON.parse(readFileSync(join(ROOT, "models/manifest.json"), "utf8")));
const photo = (await decodeImage(new Uint8Array(readFileSync(join(ROOT, "test/fixtures/demo/sample1.jpg"))))).image;

describe("fast crops give the plain version's bytes", () => {
  it("the detector's whole, letterboxed image (the axis-aligned path, 16 taps per pixel)", () => {
    const g = wholeImageGeometry(photo, true);
    expect(Buffer.from(sampleCrop(photo, g, 256, 256)).equals(Buffer.from(sampleCropReference(photo, g, 256, 256)))).toBe(true);
  });

  it("rotated face crops of every model, inside the photo and across its borders", () => {
    const faces = manifest.models.flatMap((m) => (m.kind === "face" ? [m] : []));
    fc.assert(
      fc.property(
        fc.record({ x: fc.integer({ min: -150, max: 1900 }), y: fc.integer({ min: -150, max: 1260 }), size: fc.integer({ min: 20, max: 600 }), tilt: fc.integer({ min: -40, max: 40 }), model: fc.integer({ min: 0, max: faces.length - 1 }) }),
        ({ x, y, size, tilt, model }) => {
          const m = faces[model];
          const det: Detection = { box: { x, y, width: size, height: size * 1.1 }, score: 1, keypoints: {} };
          const eyes: [Point, Point] = [[x + size * 0.3, y + size * 0.4], [x + size * 0.7, y + size * 0.4 + (tilt * size) / 100]];
          const g = faceCropGeometry(det, m.crop, eyes);
          const [w, h] = [Math.min(m.input.width, 112), Math.min(m.input.height, 112)]; // the tap pattern, not the size, is under test
          expect(Buffer.from(sampleCrop(photo, g, w, h)).equals(Buffer.from(sampleCropReference(photo, g, w, h)))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("refuses a reused buffer of the wrong size", () => {
    expect(() => sampleCrop(photo, wholeImageGeometry(photo, true), 8, 8, new Uint8Array(10))).toThrow(/expected 192/);
  });
});

describe("fast tensors give the plain version's floats", () => {
  it("for every model's input spec, batched", () => {
    const crop = (spec: InputSpec, seed: number) => Uint8Array.from({ length: spec.width * spec.height * 3 }, (_, i) => (i * 7919 + seed * 104729) % 256);
    for (const m of manifest.models) {
      if (m.kind === "head") continue;
      const crops = [crop(m.input, 1), crop(m.input, 2)];
      for (const layout of ["NHWC", "NCHW"] as const) {
        const spec = { ...m.input, layout };
        const bytes = (f: Float32Array) => Buffer.from(f.buffer, f.byteOffset, f.byteLength);
        expect(bytes(cropsToTensor(crops, spec).data).equals(bytes(cropsToTensorReference(crops, spec))), `${m.id} ${layout}`).toBe(true);
      }
    }
  });
});
