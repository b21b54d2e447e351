import type { Frame } from "./frame.ts";
import { idctScaled, scaledBasis } from "./idct.ts";
import type { CoefStore } from "./tables.ts";

export type ColorModel = "gray" | "ycbcr" | "rgb";

// JFIF YCbCr -> RGB, fixed point 16.16.
const CR_R = new Int32Array(256), CB_B = new Int32Array(256), CR_G = new Int32Array(256), CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = Math.round(1.402 * 65536 * x);
  CB_B[i] = Math.round(1.772 * 65536 * x);
  CR_G[i] = -Math.round(0.714136 * 65536 * x);
  CB_G[i] = -Math.round(0.344136 * 65536 * x) + 32768;
}

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
  private readonly planes: Uint8ClampedArray[];
  private readonly strides: number[];
  private readonly xmaps: Int32Array[];
  private readonly basis: Float64Array;
  private readonly coef = new Float32Array(64);
  private readonly tmp = new Float64Array(64);

  constructor(private readonly frame: Frame, scale: number, private readonly color: ColorModel) {
    this.n = 8 / scale;
    this.outW = Math.ceil(frame.width / scale);
    this.outH = Math.ceil(frame.height / scale);
    this.out = new Uint8ClampedArray(this.outW * this.outH * 4);
    this.basis = scaledBasis(this.n);
    this.strides = frame.components.map((c) => c.paddedPerLine * this.n);
    this.planes = frame.components.map((c, i) => new Uint8ClampedArray(this.strides[i] * c.v * this.n));
    this.xmaps = frame.components.map((c) => {
      const m = new Int32Array(this.outW);
      for (let x = 0; x < this.outW; x++) m[x] = Math.floor((x * c.h) / frame.hMax); // replicate subsampled chroma
      return m;
    });
  }

  /** IDCT block `bi` of component `ci` into its strip at block row `row` (0..v-1), column `bx`. */
  block(ci: number, st: CoefStore, bi: number, q: Int32Array, row: number, bx: number): void {
    st.dequantize(bi, q, this.coef);
    const n = this.n, stride = this.strides[ci];
    idctScaled(this.coef, n, this.basis, this.planes[ci], row * n * stride + bx * n, stride, this.tmp);
  }

  /** Colour-convert the strips of MCU row `my` into output rows. */
  emit(my: number): void {
    const { frame, n, outW, out, planes, strides, xmaps } = this;
    const rows = frame.vMax * n;
    const y0 = my * rows;
    const y1 = Math.min(this.outH, y0 + rows);
    const comps = frame.components;
    for (let y = y0; y < y1; y++) {
      const ly = y - y0;
      let o = y * outW * 4;
      const r0 = Math.floor((ly * comps[0].v) / frame.vMax) * strides[0];
      const p0 = planes[0], m0 = xmaps[0];
      if (this.color === "gray") {
        for (let x = 0; x < outW; x++, o += 4) {
          const g = p0[r0 + m0[x]];
          out[o] = g; out[o + 1] = g; out[o + 2] = g; out[o + 3] = 255;
        }
        continue;
      }
      const r1 = Math.floor((ly * comps[1].v) / frame.vMax) * strides[1];
      const r2 = Math.floor((ly * comps[2].v) / frame.vMax) * strides[2];
      const p1 = planes[1], p2 = planes[2], m1 = xmaps[1], m2 = xmaps[2];
      if (this.color === "rgb") {
        for (let x = 0; x < outW; x++, o += 4) {
          out[o] = p0[r0 + m0[x]]; out[o + 1] = p1[r1 + m1[x]]; out[o + 2] = p2[r2 + m2[x]]; out[o + 3] = 255;
        }
        continue;
      }
      for (let x = 0; x < outW; x++, o += 4) {
        const yy = p0[r0 + m0[x]] << 16;
        const cb = p1[r1 + m1[x]], cr = p2[r2 + m2[x]];
        out[o] = (yy + CR_R[cr] + 32768) >> 16;
        out[o + 1] = (yy + CB_G[cb] + CR_G[cr]) >> 16;
        out[o + 2] = (yy + CB_B[cb] + 32768) >> 16;
        out[o + 3] = 255;
      }
    }
  }
}
