/**
 * Inverse DCTs into 8-bit sample planes. Blocks arrive dequantized with
 * blockQuant's weights, in natural order (row = vertical frequency), in a
 * Float64Array(64).
 *
 * - Full size: the AAN float IDCT (libjpeg's jidctflt).
 * - 1/s scale (n = 8/s samples per side): each sample is the exact average of
 *   the s x s pixels the full IDCT (T.81 A.3.3) would produce. Averaging is
 *   linear, so it folds into the basis: A[i][u] = mean over x in [i*s, i*s+s)
 *   of C(u)/2 cos((2x+1) u pi / 16), which factors into cheap transforms below.
 *
 * Uint8ClampedArray stores round and clamp, so outputs are written unclamped + LEVEL.
 */
import { ZIGZAG } from "./tables.ts";

/** The +128 level shift, nudged so exact halves round up (libjpeg's descale) rather than to even. */
const LEVEL = 128 + 1 / 4096;

const AAN_SCALE = [1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379];

/**
 * Per-frequency weights folded into dequantization, by output size n, so each
 * IDCT above works on plain sums: AAN's scale factors (with the final /8) for
 * n = 8; for n = 4, C(u)/2 cos(u pi/16), the factor the 2-sample average
 * adds to the basis; for n = 2, the averaged basis row A[0][u] itself. In all
 * cases w[0]^2 = 1/8, so a dequantized DC is already the block's mean level.
 */
function weights(n: number): number[] {
  if (n === 8) return AAN_SCALE.map((v) => v / Math.sqrt(8));
  if (n === 4) return [...Array(8).keys()].map((u) => ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos((u * Math.PI) / 16));
  return [...scaledBasis(n).subarray(0, 8)];
}

/** Per-zigzag-index multipliers that dequantize straight into the weighted domain of the IDCT for size n. */
export function blockQuant(qZigzag: Int32Array, n: number): Float64Array {
  const w = weights(n);
  const out = new Float64Array(64);
  for (let z = 0; z < 64; z++) out[z] = qZigzag[z] * w[ZIGZAG[z] >> 3] * w[ZIGZAG[z] & 7];
  return out;
}

/** Averaged basis A (n x 8): A[i][u] = mean over x in [i*s, i*s+s) of C(u)/2 cos((2x+1) u pi / 16). */
export function scaledBasis(n: number): Float64Array {
  const s = 8 / n;
  const a = new Float64Array(n * 8);
  for (let i = 0; i < n; i++) {
    for (let u = 0; u < 8; u++) {
      const c = u === 0 ? Math.SQRT1_2 : 1;
      let sum = 0;
      for (let x = i * s; x < i * s + s; x++) sum += (c / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
      a[i * 8 + u] = sum / s;
    }
  }
  return a;
}

/** A block with no AC energy is flat: its value is DC/8 in plain units (blk[0] already /8 for AAN tables). */
export function fillFlat(value: number, n: number, out: Uint8ClampedArray, off: number, stride: number): void {
  const v = value + LEVEL;
  for (let i = 0; i < n; i++, off += stride) for (let j = 0; j < n; j++) out[off + j] = v;
}

/** 8x8 AAN float IDCT (columns, then rows), after jidctflt.c. `ws` is a 64-entry scratch. */
export function idct8(c: Float64Array, out: Uint8ClampedArray, off: number, stride: number, ws: Float64Array): void {
  for (let x = 0; x < 8; x++) {
    const i1 = c[8 + x], i2 = c[16 + x], i3 = c[24 + x], i4 = c[32 + x], i5 = c[40 + x], i6 = c[48 + x], i7 = c[56 + x];
    if (i1 === 0 && i2 === 0 && i3 === 0 && i4 === 0 && i5 === 0 && i6 === 0 && i7 === 0) {
      const d = c[x];
      ws[x] = d; ws[8 + x] = d; ws[16 + x] = d; ws[24 + x] = d; ws[32 + x] = d; ws[40 + x] = d; ws[48 + x] = d; ws[56 + x] = d;
      continue;
    }
    const i0 = c[x];
    const t10 = i0 + i4, t11 = i0 - i4, t13 = i2 + i6, t12 = (i2 - i6) * 1.414213562 - t13;
    const e0 = t10 + t13, e3 = t10 - t13, e1 = t11 + t12, e2 = t11 - t12;
    const z13 = i5 + i3, z10 = i5 - i3, z11 = i1 + i7, z12 = i1 - i7;
    const o7 = z11 + z13, o11 = (z11 - z13) * 1.414213562, z5 = (z10 + z12) * 1.847759065;
    const o6 = z5 - z10 * 2.61312593 - o7, o5 = o11 - o6, o4 = z5 - z12 * 1.0823922 - o5;
    ws[x] = e0 + o7; ws[56 + x] = e0 - o7;
    ws[8 + x] = e1 + o6; ws[48 + x] = e1 - o6;
    ws[16 + x] = e2 + o5; ws[40 + x] = e2 - o5;
    ws[24 + x] = e3 + o4; ws[32 + x] = e3 - o4;
  }
  for (let y = 0, w = 0; y < 8; y++, w += 8, off += stride) {
    const i0 = ws[w] + LEVEL, i1 = ws[w + 1], i2 = ws[w + 2], i3 = ws[w + 3], i4 = ws[w + 4], i5 = ws[w + 5], i6 = ws[w + 6], i7 = ws[w + 7];
    const t10 = i0 + i4, t11 = i0 - i4, t13 = i2 + i6, t12 = (i2 - i6) * 1.414213562 - t13;
    const e0 = t10 + t13, e3 = t10 - t13, e1 = t11 + t12, e2 = t11 - t12;
    const z13 = i5 + i3, z10 = i5 - i3, z11 = i1 + i7, z12 = i1 - i7;
    const o7 = z11 + z13, o11 = (z11 - z13) * 1.414213562, z5 = (z10 + z12) * 1.847759065;
    const o6 = z5 - z10 * 2.61312593 - o7, o5 = o11 - o6, o4 = z5 - z12 * 1.0823922 - o5;
    out[off] = e0 + o7; out[off + 7] = e0 - o7;
    out[off + 1] = e1 + o6; out[off + 6] = e1 - o6;
    out[off + 2] = e2 + o5; out[off + 5] = e2 - o5;
    out[off + 3] = e3 + o4; out[off + 4] = e3 - o4;
  }
}

const C1 = Math.cos(Math.PI / 8), C3 = Math.cos((3 * Math.PI) / 8);

/**
 * 4x4 averaged IDCT (1/2 scale). With the weights folded into the quantization
 * table, A[i][u] = cos((2i+1) u pi / 8): u = 4 vanishes and u > 4 mirrors 8 - u
 * with a sign flip, so each 1-D pass is a 4-point IDCT of (x0, x1-x7, x2-x6, x3-x5).
 */
export function idct4(c: Float64Array, out: Uint8ClampedArray, off: number, stride: number, ws: Float64Array): void {
  for (let x = 0; x < 8; x++) {
    const i1 = c[8 + x], i2 = c[16 + x], i3 = c[24 + x], i5 = c[40 + x], i6 = c[48 + x], i7 = c[56 + x];
    const y0 = c[x];
    if (i1 === 0 && i2 === 0 && i3 === 0 && i5 === 0 && i6 === 0 && i7 === 0) {
      ws[x] = y0; ws[8 + x] = y0; ws[16 + x] = y0; ws[24 + x] = y0;
      continue;
    }
    const y1 = i1 - i7, y3 = i3 - i5, e = (i2 - i6) * Math.SQRT1_2;
    const e0 = y0 + e, e1 = y0 - e, o0 = y1 * C1 + y3 * C3, o1 = y1 * C3 - y3 * C1;
    ws[x] = e0 + o0; ws[24 + x] = e0 - o0;
    ws[8 + x] = e1 + o1; ws[16 + x] = e1 - o1;
  }
  for (let i = 0, w = 0; i < 4; i++, w += 8, off += stride) {
    const y0 = ws[w] + LEVEL, y1 = ws[w + 1] - ws[w + 7], y3 = ws[w + 3] - ws[w + 5], e = (ws[w + 2] - ws[w + 6]) * Math.SQRT1_2;
    const e0 = y0 + e, e1 = y0 - e, o0 = y1 * C1 + y3 * C3, o1 = y1 * C3 - y3 * C1;
    out[off] = e0 + o0; out[off + 3] = e0 - o0;
    out[off + 1] = e1 + o1; out[off + 2] = e1 - o1;
  }
}

/** 2x2 averaged IDCT (1/4 scale): with weights folded in, A[1][u] = (-1)^u A[0][u], so outputs are even ± odd sums. */
export function idct2(c: Float64Array, out: Uint8ClampedArray, off: number, stride: number, ws: Float64Array): void {
  for (let x = 0; x < 8; x++) {
    const e = c[x] + c[16 + x] + c[32 + x] + c[48 + x], o = c[8 + x] + c[24 + x] + c[40 + x] + c[56 + x];
    ws[x] = e + o;
    ws[8 + x] = e - o;
  }
  for (let i = 0, w = 0; i < 2; i++, w += 8, off += stride) {
    const e = LEVEL + ws[w] + ws[w + 2] + ws[w + 4] + ws[w + 6], o = ws[w + 1] + ws[w + 3] + ws[w + 5] + ws[w + 7];
    out[off] = e + o;
    out[off + 1] = e - o;
  }
}
