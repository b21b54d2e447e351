import type { Frame } from "./frame.ts";
import { blockQuant, fillFlat, idct8, idctReduced, scaledBasis } from "./idct.ts";

export type ColorModel = "gray" | "ycbcr" | "rgb";

// JFIF YCbCr -> RGB, fixed point 16.16. R and B split exactly into y + table[c] (y is an integer).
const R_CR = new Int32Array(256), B_CB = new Int32Array(256), G_CR = new Int32Array(256), G_CB = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  R_CR[i] = (Math.round(1.402 * 65536 * x) + 32768) >> 16;
  B_CB[i] = (Math.round(1.772 * 65536 * x) + 32768) >> 16;
  G_CR[i] = -Math.round(0.714136 * 65536 * x);
  G_CB[i] = -Math.round(0.344136 * 65536 * x) + 32768;
}
/** CLAMP[v + 384] = v clamped to 0..255, for v in -384..639. */
const CLAMP = new Uint8Array(1024);
for (let i = 0; i < 1024; i++) CLAMP[i] = Math.min(255, Math.max(0, i - 384));
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const OPAQUE = 0xff000000 | 0;

/**
 * Turns one MCU row of blocks at a time into RGBA rows of the (reduced) output.
 * Only a strip of v*n sample rows per component is ever held, so memory is
 * the output image plus a few strips, whatever the source size.
 */
export class RowRenderer {
  readonly n: number;
  readonly outW: number;
  readonly outH: number;
  readonly out: Uint8ClampedArray;
  private readonly out32: Uint32Array;
  private readonly planes: Uint8ClampedArray[];
  private readonly strides: number[];
  private readonly xmaps: Int32Array[];
  private readonly basis: Float64Array;
  private readonly ws = new Float64Array(64);
  private readonly quants = new Map<Int32Array, Float64Array>();

  constructor(private readonly frame: Frame, scale: number, private readonly color: ColorModel) {
    this.n = 8 / scale;
    this.outW = Math.ceil(frame.width / scale);
    this.outH = Math.ceil(frame.height / scale);
    this.out = new Uint8ClampedArray(this.outW * this.outH * 4);
    this.out32 = new Uint32Array(this.out.buffer, this.out.byteOffset, this.outW * this.outH);
    this.basis = scaledBasis(this.n);
    this.strides = frame.components.map((c) => c.paddedPerLine * this.n);
    this.planes = frame.components.map((c, i) => new Uint8ClampedArray(this.strides[i] * c.v * this.n));
    this.xmaps = frame.components.map((c) => {
      const m = new Int32Array(this.outW);
      for (let x = 0; x < this.outW; x++) m[x] = Math.floor((x * c.h) / frame.hMax); // replicate subsampled chroma
      return m;
    });
  }

  /** Dequantization multipliers (zigzag order) that `block` expects for quantization table q. */
  quantFor(q: Int32Array): Float64Array {
    let t = this.quants.get(q);
    if (!t) this.quants.set(q, (t = blockQuant(q, this.n)));
    return t;
  }

  /**
   * IDCT a dequantized natural-order block of component `ci` into its strip at
   * block row `row` (0..v-1), column `bx`. `hasAc` false means only blk[0] is set.
   */
  block(ci: number, blk: Float64Array, hasAc: boolean, row: number, bx: number): void {
    const n = this.n, stride = this.strides[ci], plane = this.planes[ci];
    const off = row * n * stride + bx * n;
    if (n === 8) {
      if (hasAc) idct8(blk, plane, off, stride, this.ws);
      else fillFlat(blk[0], 8, plane, off, stride); // AAN tables already hold the /8
    } else if (n === 1) {
      plane[off] = blk[0] / 8 + 128; // the block mean; AC terms average to zero
    } else if (hasAc) {
      idctReduced(blk, n, this.basis, plane, off, stride, this.ws);
    } else {
      fillFlat(blk[0] / 8, n, plane, off, stride);
    }
  }

  /** Colour-convert the strips of MCU row `my` into output rows. */
  emit(my: number): void {
    const { frame, n, outW, out32, planes, strides, xmaps } = this;
    const rows = frame.vMax * n;
    const y0 = my * rows;
    const y1 = Math.min(this.outH, y0 + rows);
    const comps = frame.components;
    for (let y = y0; y < y1; y++) {
      const ly = y - y0;
      let o = y * outW;
      const end = o + outW;
      const r0 = Math.floor((ly * comps[0].v) / frame.vMax) * strides[0];
      const p0 = planes[0], m0 = xmaps[0];
      if (this.color === "gray") {
        for (let x = 0; o < end; x++, o++) {
          const g = p0[r0 + m0[x]];
          out32[o] = OPAQUE | (g << 16) | (g << 8) | g;
        }
        continue;
      }
      const r1 = Math.floor((ly * comps[1].v) / frame.vMax) * strides[1];
      const r2 = Math.floor((ly * comps[2].v) / frame.vMax) * strides[2];
      const p1 = planes[1], p2 = planes[2], m1 = xmaps[1], m2 = xmaps[2];
      if (this.color === "rgb") {
        for (let x = 0; o < end; x++, o++) out32[o] = OPAQUE | (p2[r2 + m2[x]] << 16) | (p1[r1 + m1[x]] << 8) | p0[r0 + m0[x]];
        continue;
      }
      for (let x = 0; o < end; x++, o++) {
        const yy = p0[r0 + m0[x]];
        const cb = p1[r1 + m1[x]], cr = p2[r2 + m2[x]];
        const r = CLAMP[yy + R_CR[cr] + 384];
        const g = CLAMP[(((yy << 16) + G_CB[cb] + G_CR[cr]) >> 16) + 384];
        const b = CLAMP[yy + B_CB[cb] + 384];
        out32[o] = OPAQUE | (b << 16) | (g << 8) | r;
      }
    }
    if (!LITTLE_ENDIAN) for (let i = y0 * outW; i < y1 * outW; i++) out32[i] = swap32(out32[i]);
  }
}

const swap32 = (v: number) => ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
