/** Zigzag index -> natural (row-major) index, T.81 Figure A.6. */
export const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
]);

/**
 * Quantized coefficients of every block, kept compactly: when decoding at
 * 1/s scale only the n x n low frequencies (n = 8/s) reach the output, so only
 * those are stored (as int16). Progressive refinement scans still need to know
 * which coefficients are non-zero, dropped ones included, so every block also
 * has a 64-bit non-zero mask (bit per zigzag index), which lets refinement
 * visit only the known non-zero coefficients.
 */
export class CoefStore {
  /** zigzag index -> slot in a block's values, or -1 if dropped. */
  readonly slot = new Int8Array(64);
  /** slot -> zigzag index, for the kept ones. */
  private readonly zigzagOf: Uint8Array;
  readonly k: number;
  readonly values: Int16Array;
  readonly nonzero: Uint32Array; // 2 words per block: bits 0..31, 32..63

  constructor(readonly blocks: number, n: number) {
    let k = 0;
    for (let z = 0; z < 64; z++) {
      const nat = ZIGZAG[z];
      this.slot[z] = (nat >> 3) < n && (nat & 7) < n ? k++ : -1;
    }
    this.k = k;
    this.zigzagOf = new Uint8Array(k);
    for (let z = 0; z < 64; z++) if (this.slot[z] >= 0) this.zigzagOf[this.slot[z]] = z;
    this.values = new Int16Array(blocks * k);
    this.nonzero = new Uint32Array(blocks * 2);
  }

  get(bi: number, z: number): number {
    const s = this.slot[z];
    if (s >= 0) return this.values[bi * this.k + s];
    return (this.nonzero[bi * 2 + (z >> 5)] >>> (z & 31)) & 1; // only its non-zero-ness is known
  }

  isNonzero(bi: number, z: number): boolean {
    return ((this.nonzero[bi * 2 + (z >> 5)] >>> (z & 31)) & 1) !== 0;
  }

  set(bi: number, z: number, v: number): void {
    const s = this.slot[z];
    if (s >= 0) this.values[bi * this.k + s] = v;
    if (v !== 0) this.nonzero[bi * 2 + (z >> 5)] |= 1 << (z & 31);
  }

  /** Add a refinement bit to a coefficient already known to be non-zero (dropped ones need nothing). */
  refine(bi: number, z: number, p1: number): void {
    const s = this.slot[z];
    if (s < 0) return;
    const i = bi * this.k + s;
    const v = this.values[i];
    if ((v & p1) === 0) this.values[i] = v >= 0 ? v + p1 : v - p1;
  }

  clearBlock(bi: number): void {
    this.values.fill(0, bi * this.k, bi * this.k + this.k);
    this.nonzero[bi * 2] = 0;
    this.nonzero[bi * 2 + 1] = 0;
  }

  /**
   * Dequantize block bi into `out` (natural order; zeros elsewhere) with the
   * per-zigzag multipliers of blockQuant. Returns true if any AC term is non-zero.
   */
  dequantize(bi: number, qz: Float64Array, out: Float64Array): boolean {
    out.fill(0);
    const base = bi * this.k, zOf = this.zigzagOf, values = this.values, zz = ZIGZAG;
    out[0] = values[base] * qz[0];
    let ac = false;
    for (let s = 1; s < zOf.length; s++) {
      const v = values[base + s];
      if (v !== 0) {
        const z = zOf[s];
        out[zz[z]] = v * qz[z];
        ac = true;
      }
    }
    return ac;
  }
}
