import type { RgbaImage } from "../image/types.ts";
import type { CropSpec } from "../runtime/manifest-schema.ts";
import type { Detection, Point } from "./types.ts";

/** A (possibly rotated) rectangle in source pixels: centre, size, angle (radians). */
export interface CropGeometry {
  cx: number;
  cy: number;
  width: number;
  height: number;
  angle: number;
}

/** Angle of the line between the eyes, left-to-right in the image. */
export function eyeAngle(a: Point, b: Point): number {
  const [l, r] = a[0] <= b[0] ? [a, b] : [b, a];
  return Math.atan2(r[1] - l[1], r[0] - l[0]);
}

/** The crop a model expects around one detected face (manifest `crop`). */
export function faceCropGeometry(det: Detection, crop: CropSpec, eyes?: [Point, Point]): CropGeometry {
  let width = det.box.width * crop.scale;
  let height = det.box.height * crop.scale;
  if (crop.square) width = height = Math.max(width, height);
  const angle = crop.align && eyes ? eyeAngle(eyes[0], eyes[1]) : 0;
  // The shift follows the face's own vertical axis when the crop is rotated.
  const shift = crop.shiftY * det.box.height;
  return {
    cx: det.box.x + det.box.width / 2 - Math.sin(angle) * shift,
    cy: det.box.y + det.box.height / 2 + Math.cos(angle) * shift,
    width,
    height,
    angle,
  };
}

/** The whole image, padded bottom/right to a square when letterboxed. */
export function wholeImageGeometry(img: { width: number; height: number }, letterbox: boolean): CropGeometry {
  const w = letterbox ? Math.max(img.width, img.height) : img.width;
  const h = letterbox ? w : img.height;
  return { cx: w / 2, cy: h / 2, width: w, height: h, angle: 0 };
}

/** Maps a point of an outW x outH crop back to source pixels. */
export function cropToSource(g: CropGeometry, outW: number, outH: number): (p: Point) => Point {
  const cos = Math.cos(g.angle);
  const sin = Math.sin(g.angle);
  const sx = g.width / outW;
  const sy = g.height / outH;
  return ([u, v]) => {
    const dx = u * sx - g.width / 2;
    const dy = v * sy - g.height / 2;
    return [g.cx + dx * cos - dy * sin, g.cy + dx * sin + dy * cos];
  };
}

/**
 * Samples the crop into an outW x outH RGB buffer with bilinear
 * interpolation, averaging k x k sub-samples per pixel when shrinking so a
 * large face is not aliased. Pixels outside the image are black.
 */
export function sampleCrop(img: RgbaImage, g: CropGeometry, outW: number, outH: number): Uint8Array {
  const out = new Uint8Array(outW * outH * 3);
  const shrink = Math.max(g.width / outW, g.height / outH);
  const k = Math.min(4, Math.max(1, Math.ceil(shrink)));
  const cos = Math.cos(g.angle);
  const sin = Math.sin(g.angle);
  const sx = g.width / outW;
  const sy = g.height / outH;
  const { width: W, height: H, data } = img;
  const acc = [0, 0, 0];
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let j = 0; j < k; j++) {
        const dy = (v + (j + 0.5) / k) * sy - g.height / 2;
        for (let i = 0; i < k; i++) {
          const dx = (u + (i + 0.5) / k) * sx - g.width / 2;
          // Source coordinates in pixel-centre convention.
          const x = g.cx + dx * cos - dy * sin - 0.5;
          const y = g.cy + dx * sin + dy * cos - 0.5;
          bilinear(data, W, H, x, y, acc);
        }
      }
      const o = (v * outW + u) * 3;
      const n = k * k;
      out[o] = Math.round(acc[0] / n);
      out[o + 1] = Math.round(acc[1] / n);
      out[o + 2] = Math.round(acc[2] / n);
    }
  }
  return out;
}

function bilinear(data: ArrayLike<number>, W: number, H: number, x: number, y: number, acc: number[]) {
  if (x < -1 || y < -1 || x > W || y > H) return;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  for (let c = 0; c < 3; c++) {
    const p00 = pixel(data, W, H, x0, y0, c);
    const p10 = pixel(data, W, H, x0 + 1, y0, c);
    const p01 = pixel(data, W, H, x0, y0 + 1, c);
    const p11 = pixel(data, W, H, x0 + 1, y0 + 1, c);
    acc[c] += (p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy;
  }
}

function pixel(data: ArrayLike<number>, W: number, H: number, x: number, y: number, c: number): number {
  if (x < 0 || y < 0 || x >= W || y >= H) return 0;
  return data[(y * W + x) * 4 + c];
}
