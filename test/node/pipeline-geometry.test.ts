import { describe, expect, it } from "vitest";
import { ageExpectation } from "../../src/pipeline/age.ts";
import { blazefaceAnchors } from "../../src/pipeline/blazeface.ts";
import { faceCropGeometry, sampleCrop } from "../../src/pipeline/crop.ts";
import { nonMaxSuppression } from "../../src/pipeline/nms.ts";
import { cropsToTensor } from "../../src/pipeline/tensor.ts";
import type { Detection, Point } from "../../src/pipeline/types.ts";
import type { InputSpec } from "../../src/runtime/manifest-schema.ts";

describe("age expectation (paper Eq. 1)", () => {
  const p = new Float32Array(100);
  p[20] = 0.5;
  p[30] = 0.3;
  p[90] = 0.2;
  it("averages over the L most probable classes only", () => {
    expect(ageExpectation(p, 1).years).toBe(20);
    expect(ageExpectation(p, 2).years).toBeCloseTo((20 * 0.5 + 30 * 0.3) / 0.8, 6);
    expect(ageExpectation(p, 100).years).toBeCloseTo(20 * 0.5 + 30 * 0.3 + 90 * 0.2, 6);
  });
  it("applies the class-to-years offset and reports the top classes", () => {
    const r = ageExpectation(p, 1, 1);
    expect(r.years).toBe(21);
    expect(r.top[0]).toEqual({ age: 21, p: 0.5 });
  });
});

describe("BlazeFace anchors", () => {
  it("lays 512 + 384 anchors centred on their cells", () => {
    const spec = { type: "blazeface" as const, anchors: [{ grid: 16, perCell: 2 }, { grid: 8, perCell: 6 }], keypoints: [], scoreThreshold: 0.5, iouThreshold: 0.3, boxScale: 1 };
    const a = blazefaceAnchors(spec, 256);
    expect(a.length).toBe(896 * 2);
    expect([a[0], a[1], a[2], a[3]]).toEqual([8, 8, 8, 8]);
    expect([a[512 * 2], a[512 * 2 + 1]]).toEqual([16, 16]);
  });
});

describe("NMS", () => {
  const det = (x: number, y: number, s: number, score: number): Detection => ({ box: { x, y, width: s, height: s }, score, keypoints: {} });
  it("drops overlapping boxes and boxes inside a kept one, keeps neighbours", () => {
    const kept = nonMaxSuppression([det(0, 0, 100, 0.9), det(5, 5, 100, 0.8), det(30, 30, 40, 0.7), det(150, 0, 100, 0.6)], 0.3);
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.6]);
  });
});

describe("face crop", () => {
  // A white image with two black "eyes" on a line tilted by 30 degrees.
  const W = 200;
  const img = { width: W, height: W, data: new Uint8Array(W * W * 4).fill(255) };
  const angle = Math.PI / 6;
  const eyes: [Point, Point] = [
    [100 - 30 * Math.cos(angle), 100 - 30 * Math.sin(angle)],
    [100 + 30 * Math.cos(angle), 100 + 30 * Math.sin(angle)],
  ];
  for (const [ex, ey] of eyes)
    for (let y = -3; y <= 3; y++) for (let x = -3; x <= 3; x++) img.data.fill(0, ((Math.round(ey) + y) * W + Math.round(ex) + x) * 4, ((Math.round(ey) + y) * W + Math.round(ex) + x) * 4 + 3);
  const face: Detection = { box: { x: 50, y: 50, width: 100, height: 100 }, score: 1, keypoints: {} };
  const darkest = (rgb: Uint8Array, w: number, x0: number, x1: number) => {
    let best = [0, 0, 999];
    for (let y = 0; y < w; y++) for (let x = x0; x < x1; x++) if (rgb[(y * w + x) * 3] < best[2]) best = [x, y, rgb[(y * w + x) * 3]];
    return best;
  };
  it("rotates so the eyes are level when aligning", () => {
    const g = faceCropGeometry(face, { kind: "face", scale: 1, square: true, align: true, shiftY: 0, letterbox: false }, eyes);
    expect(g.angle).toBeCloseTo(angle, 6);
    const crop = sampleCrop(img, g, 100, 100);
    const [, yl] = darkest(crop, 100, 0, 50);
    const [, yr] = darkest(crop, 100, 50, 100);
    expect(Math.abs(yl - yr)).toBeLessThanOrEqual(1);
  });
  it("keeps the tilt without alignment, and scale enlarges the box", () => {
    const g = faceCropGeometry(face, { kind: "face", scale: 1.5, square: false, align: false, shiftY: 0, letterbox: false }, eyes);
    expect(g).toMatchObject({ cx: 100, cy: 100, width: 150, height: 150, angle: 0 });
    const crop = sampleCrop(img, g, 150, 150);
    const [, yl] = darkest(crop, 150, 0, 75);
    const [, yr] = darkest(crop, 150, 75, 150);
    expect(yr - yl).toBeGreaterThan(25);
  });
});

describe("input tensors follow the manifest", () => {
  const rgb = new Uint8Array([10, 20, 30, 40, 50, 60]); // two pixels
  const base: InputSpec = { name: "input", width: 2, height: 1, layout: "NHWC", colorOrder: "RGB", scale: 1, mean: [0], std: [1] };
  it("BGR minus the Caffe mean, NHWC", () => {
    const t = cropsToTensor([rgb], { ...base, colorOrder: "BGR", mean: [100, 110, 120] });
    expect(t.dims).toEqual([1, 1, 2, 3]);
    expect(Array.from(t.data)).toEqual([30 - 100, 20 - 110, 10 - 120, 60 - 100, 50 - 110, 40 - 120]);
  });
  it("NCHW with ImageNet-style scale, mean and std", () => {
    const t = cropsToTensor([rgb, rgb], { ...base, layout: "NCHW", scale: 0.5, mean: [1, 2, 3], std: [2, 2, 2] });
    expect(t.dims).toEqual([2, 3, 1, 2]);
    expect(Array.from(t.data.slice(0, 6))).toEqual([(5 - 1) / 2, (20 - 1) / 2, (10 - 2) / 2, (25 - 2) / 2, (15 - 3) / 2, (30 - 3) / 2]);
  });
  it("grayscale with the model's weights", () => {
    const t = cropsToTensor([rgb], { ...base, colorOrder: "GRAY", grayWeights: [1, 0, 0], scale: 1 / 255, mean: [0.5], std: [0.5] });
    expect(t.dims).toEqual([1, 1, 2, 1]);
    expect(t.data[0]).toBeCloseTo((10 / 255 - 0.5) / 0.5, 6);
  });
});
