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
 *
 * This is the hot loop of every request (the detector's whole-image sample
 * alone is up to 16 bilinear taps for each of 65,536 pixels), so it is
 * written flat: no calls or arrays per tap, a bounds-free path for taps whose
 * four neighbours are inside the image, and the edge path only at borders.
 * The arithmetic is the same expression, tap for tap, as the plain version
 * (sampleCropReference in the tests), so the bytes are identical.
 */
export function sampleCrop(img: RgbaImage, g: CropGeometry, outW: number, outH: number, out = new Uint8Array(outW * outH * 3)): Uint8Array {
  if (out.length !== outW * outH * 3) throw new Error(`crop buffer has ${out.length} bytes, expected ${outW * outH * 3}`);
  const shrink = Math.max(g.width / outW, g.height / outH);
  const k = Math.min(4, Math.max(1, Math.ceil(shrink)));
  if (g.angle === 0) return sampleAxisAligned(img, g, outW, outH, k, out);
  const n = k * k;
  const cos = Math.cos(g.angle);
  const sin = Math.sin(g.angle);
  const sx = g.width / outW;
  const sy = g.height / outH;
  const hw = g.width / 2;
  const hh = g.height / 2;
  const { width: W, height: H, data } = img;
  const stride = W * 4;
  // The rotated offsets of every sub-sample column and row, computed once
  // (the same products the per-tap formula would compute).
  const xc = new Float64Array(outW * k);
  const xs = new Float64Array(outW * k);
  const yc = new Float64Array(outH * k);
  const ys = new Float64Array(outH * k);
  for (let u = 0; u < outW; u++) {
    for (let i = 0; i < k; i++) {
      const dx = (u + (i + 0.5) / k) * sx - hw;
      xc[u * k + i] = dx * cos;
      xs[u * k + i] = dx * sin;
    }
  }
  for (let v = 0; v < outH; v++) {
    for (let j = 0; j < k; j++) {
      const dy = (v + (j + 0.5) / k) * sy - hh;
      yc[v * k + j] = dy * cos;
      ys[v * k + j] = dy * sin;
    }
  }
  const { cx, cy } = g;
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      let r = 0;
      let gr = 0;
      let b = 0;
      for (let j = v * k; j < v * k + k; j++) {
        const dyc = yc[j];
        const dys = ys[j];
        for (let i = u * k; i < u * k + k; i++) {
          // Source coordinates in pixel-centre convention.
          const x = cx + xc[i] - dys - 0.5;
          const y = cy + xs[i] + dyc - 0.5;
          if (x < -1 || y < -1 || x > W || y > H) continue;
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          const fx = x - x0;
          const fy = y - y0;
          const gx = 1 - fx;
          const gy = 1 - fy;
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < W && y0 + 1 < H) {
            const p = y0 * stride + x0 * 4;
            const q = p + stride;
            r += (data[p] * gx + data[p + 4] * fx) * gy + (data[q] * gx + data[q + 4] * fx) * fy;
            gr += (data[p + 1] * gx + data[p + 5] * fx) * gy + (data[q + 1] * gx + data[q + 5] * fx) * fy;
            b += (data[p + 2] * gx + data[p + 6] * fx) * gy + (data[q + 2] * gx + data[q + 6] * fx) * fy;
          } else {
            r += edgeTap(data, W, H, x0, y0, fx, fy, 0);
            gr += edgeTap(data, W, H, x0, y0, fx, fy, 1);
            b += edgeTap(data, W, H, x0, y0, fx, fy, 2);
          }
        }
      }
      const o = (v * outW + u) * 3;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(gr / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return out;
}

/**
 * sampleCrop without rotation (the detector's whole-image input): a tap's x
 * depends only on its column and its y only on its row, so the floor,
 * fraction and bounds of each are computed once per column and per row.
 * Same expressions as the rotated path (sin 0 and cos 1 change no value).
 */
function sampleAxisAligned(img: RgbaImage, g: CropGeometry, outW: number, outH: number, k: number, out: Uint8Array): Uint8Array {
  const n = k * k;
  const { width: W, height: H, data } = img;
  const stride = W * 4;
  const col = (len: number, size: number, step: number, half: number, centre: number) => {
    const at = new Int32Array(len * k);
    const f = new Float64Array(len * k);
    // 0: outside (skipped), 1: both neighbours inside, 2: at the border (edge path).
    const kind = new Uint8Array(len * k);
    for (let t = 0; t < len; t++) {
      for (let i = 0; i < k; i++) {
        const d = (t + (i + 0.5) / k) * step - half;
        const x = centre + d - 0.5;
        const x0 = Math.floor(x);
        at[t * k + i] = x0;
        f[t * k + i] = x - x0;
        kind[t * k + i] = x < -1 || x > size ? 0 : x0 >= 0 && x0 + 1 < size ? 1 : 2;
      }
    }
    return { at, f, kind };
  };
  const X = col(outW, W, g.width / outW, g.width / 2, g.cx);
  const Y = col(outH, H, g.height / outH, g.height / 2, g.cy);
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      let r = 0;
      let gr = 0;
      let b = 0;
      for (let j = v * k; j < v * k + k; j++) {
        const ky = Y.kind[j];
        if (ky === 0) continue;
        const y0 = Y.at[j];
        const fy = Y.f[j];
        const gy = 1 - fy;
        for (let i = u * k; i < u * k + k; i++) {
          const kx = X.kind[i];
          if (kx === 0) continue;
          const x0 = X.at[i];
          const fx = X.f[i];
          if (kx === 1 && ky === 1) {
            const gx = 1 - fx;
            const p = y0 * stride + x0 * 4;
            const q = p + stride;
            r += (data[p] * gx + data[p + 4] * fx) * gy + (data[q] * gx + data[q + 4] * fx) * fy;
            gr += (data[p + 1] * gx + data[p + 5] * fx) * gy + (data[q + 1] * gx + data[q + 5] * fx) * fy;
            b += (data[p + 2] * gx + data[p + 6] * fx) * gy + (data[q + 2] * gx + data[q + 6] * fx) * fy;
          } else {
            r += edgeTap(data, W, H, x0, y0, fx, fy, 0);
            gr += edgeTap(data, W, H, x0, y0, fx, fy, 1);
            b += edgeTap(data, W, H, x0, y0, fx, fy, 2);
          }
        }
      }
      const o = (v * outW + u) * 3;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(gr / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return out;
}

/** One bilinear tap of channel c where a neighbour may be outside the image (black there). */
function edgeTap(data: ArrayLike<number>, W: number, H: number, x0: number, y0: number, fx: number, fy: number, c: number): number {
  const p00 = pixel(data, W, H, x0, y0, c);
  const p10 = pixel(data, W, H, x0 + 1, y0, c);
  const p01 = pixel(data, W, H, x0, y0 + 1, c);
  const p11 = pixel(data, W, H, x0 + 1, y0 + 1, c);
  return (p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy;
}

function pixel(data: ArrayLike<number>, W: number, H: number, x: number, y: number, c: number): number {
  if (x < 0 || y < 0 || x >= W || y >= H) return 0;
  return data[(y * W + x) * 4 + c];
}
