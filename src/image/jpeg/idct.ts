/**
 * Inverse DCT straight to a reduced size. For scale 1/s (s in 1,2,4,8) each
 * 8x8 block yields n = 8/s samples per side, and each sample is the exact
 * average of the s x s pixels the full IDCT (T.81 A.3.3) would produce:
 * averaging is linear, so we fold it into the basis: A[i][u] = mean over
 * x in [i*s, i*s+s) of C(u)/2 * cos((2x+1) u pi / 16).
 */
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

/**
 * coef: dequantized coefficients in natural (row-major) order, row = vertical
 * frequency. Writes n x n samples (+128 level shift, clamped) at out[off] with
 * the given row stride.
 */
export function idctScaled(
  coef: Float32Array,
  n: number,
  a: Float64Array,
  out: Uint8ClampedArray,
  off: number,
  stride: number,
  tmp: Float64Array,
): void {
  let rowsUsed = 0;
  for (let u = 0; u < 8; u++) {
    const r = u * 8;
    let any = false;
    for (let v = 0; v < 8; v++) if (coef[r + v] !== 0) { any = true; break; }
    if (!any) {
      for (let j = 0; j < n; j++) tmp[r + j] = 0;
      continue;
    }
    rowsUsed = u + 1;
    for (let j = 0; j < n; j++) {
      const b = j * 8;
      tmp[r + j] =
        coef[r] * a[b] + coef[r + 1] * a[b + 1] + coef[r + 2] * a[b + 2] + coef[r + 3] * a[b + 3] +
        coef[r + 4] * a[b + 4] + coef[r + 5] * a[b + 5] + coef[r + 6] * a[b + 6] + coef[r + 7] * a[b + 7];
    }
  }
  for (let i = 0; i < n; i++) {
    const b = i * 8;
    const o = off + i * stride;
    for (let j = 0; j < n; j++) {
      let sum = 128;
      for (let u = 0; u < rowsUsed; u++) sum += a[b + u] * tmp[u * 8 + j];
      out[o + j] = sum; // Uint8ClampedArray rounds and clamps
    }
  }
}
