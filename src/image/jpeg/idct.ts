/**
 * Inverse DCTs into 8-bit sample planes. Blocks arrive dequantized, in natural
 * (row-major, row = vertical frequency) order, in a Float64Array(64).
 *
 * - Full size: the AAN float IDCT (libjpeg's jidctflt), whose scale factors
 *   and final /8 are folded into the dequantization table (aanQuant).
 * - 1/s scale (n = 8/s samples per side): each sample is the exact average of
 *   the s x s pixels the full IDCT (T.81 A.3.3) would produce. Averaging is
 *   linear, so it is folded into the basis: A[i][u] = mean over x in
 *   [i*s, i*s+s) of C(u)/2 * cos((2x+1) u pi / 16). A[n-1-i][u] = (-1)^u A[i][u],
 *   so each 1-D pass splits into even and odd frequency halves.
 *
 * Uint8ClampedArray stores round and clamp, so outputs are written unclamped + 128.
 */
import { ZIGZAG } from "./tables.ts";

const AAN_SCALE = [1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379];

/** Per-zigzag-index multipliers that dequantize straight into AAN's scaled domain (n = 8) or plainly (n < 8). */
export function blockQuant(qZigzag: Int32Array, n: number): Float64Array {
  const out = new Float64Array(64);
  for (let z = 0; z < 64; z++) {
    const nat = ZIGZAG[z];
    out[z] = n === 8 ? (qZigzag[z] * AAN_SCALE[nat >> 3] * AAN_SCALE[nat & 7]) / 8 : qZigzag[z];
  }
  return out;
}

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
  const v = value + 128;
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
    const i0 = ws[w] + 128, i1 = ws[w + 1], i2 = ws[w + 2], i3 = ws[w + 3], i4 = ws[w + 4], i5 = ws[w + 5], i6 = ws[w + 6], i7 = ws[w + 7];
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

/**
 * n x n (n = 4 or 2) averaged IDCT with the scaled basis `a` (n x 8). Rows of
 * coefficients that are all zero are skipped. `ws` is a 64-entry scratch.
 */
export function idctReduced(c: Float64Array, n: number, a: Float64Array, out: Uint8ClampedArray, off: number, stride: number, ws: Float64Array): void {
  const h = n >> 1;
  let used = 0; // bit u set: coefficient row u has something
  for (let u = 0, r = 0; u < 8; u++, r += 8) {
    const c0 = c[r], c1 = c[r + 1], c2 = c[r + 2], c3 = c[r + 3], c4 = c[r + 4], c5 = c[r + 5], c6 = c[r + 6], c7 = c[r + 7];
    if (c0 === 0 && c1 === 0 && c2 === 0 && c3 === 0 && c4 === 0 && c5 === 0 && c6 === 0 && c7 === 0) continue;
    used |= 1 << u;
    for (let j = 0, b = 0; j < h; j++, b += 8) {
      const ev = c0 * a[b] + c2 * a[b + 2] + c4 * a[b + 4] + c6 * a[b + 6];
      const od = c1 * a[b + 1] + c3 * a[b + 3] + c5 * a[b + 5] + c7 * a[b + 7];
      ws[r + j] = ev + od;
      ws[r + n - 1 - j] = ev - od;
    }
  }
  for (let u = 0, r = 0; u < 8; u++, r += 8) if (!(used & (1 << u))) for (let j = 0; j < n; j++) ws[r + j] = 0;
  for (let i = 0, b = 0; i < h; i++, b += 8) {
    const a0 = a[b], a1 = a[b + 1], a2 = a[b + 2], a3 = a[b + 3], a4 = a[b + 4], a5 = a[b + 5], a6 = a[b + 6], a7 = a[b + 7];
    const top = off + i * stride, bot = off + (n - 1 - i) * stride;
    for (let j = 0; j < n; j++) {
      const ev = 128 + a0 * ws[j] + a2 * ws[16 + j] + a4 * ws[32 + j] + a6 * ws[48 + j];
      const od = a1 * ws[8 + j] + a3 * ws[24 + j] + a5 * ws[40 + j] + a7 * ws[56 + j];
      out[top + j] = ev + od;
      out[bot + j] = ev - od;
    }
  }
}
