import type { Frame } from "./frame.ts";
import { byteSwapWords, cmykRowMapped, grayRow, LITTLE_ENDIAN, rgbRowMapped, ycckRowMapped, yccRowFull, yccRowHalf, yccRowMapped } from "./color.ts";
import type { ColorModel } from "./head.ts";
import { blockQuant, fillFlat, idct2, idct4, idct8 } from "./idct.ts";

// Imported bindings copied to module locals: dev transforms (tsx, vitest) turn each use
// of an import into a getter call, which costs more than the work in these hot loops.
const [flat, full8, half4, quarter2] = [fillFlat, idct8, idct4, idct2];
const [gray, rgb, ycc, yccHalf, yccFull, cmyk, ycck] = [grayRow, rgbRowMapped, yccRowMapped, yccRowHalf, yccRowFull, cmykRowMapped, ycckRowMapped];

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
  private readonly ws = new Float64Array(64);
  private readonly quants = new Map<Int32Array, Float64Array>();

  constructor(private readonly frame: Frame, scale: number, private readonly color: ColorModel) {
    this.n = 8 / scale;
    this.outW = Math.ceil(frame.width / scale);
    this.outH = Math.ceil(frame.height / scale);
    this.out = new Uint8ClampedArray(this.outW * this.outH * 4);
    this.out32 = new Uint32Array(this.out.buffer, this.out.byteOffset, this.outW * this.outH);
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
    if (!hasAc || n === 1) flat(blk[0], n, plane, off, stride); // the weights make blk[0] the mean level
    else if (n === 8) full8(blk, plane, off, stride, this.ws);
    else if (n === 4) half4(blk, plane, off, stride, this.ws);
    else quarter2(blk, plane, off, stride, this.ws);
  }

  /** Colour-convert the strips of MCU row `my` into output rows. */
  emit(my: number): void {
    const { frame, n, outW, out32, planes, strides, xmaps } = this;
    const rows = frame.vMax * n;
    const y0 = my * rows;
    const y1 = Math.min(this.outH, y0 + rows);
    const comps = frame.components;
    const [p0, p1, p2, p3] = planes, [m0, m1, m2, m3] = xmaps;
    // Chroma planes sharing luma's full width, or exactly half of it, skip the column maps.
    const lumaFull = comps[0].h === frame.hMax;
    const chromaSame = comps.length === 3 && comps[1].h === comps[2].h && comps[1].v === comps[2].v;
    const half = lumaFull && chromaSame && comps[1].h * 2 === frame.hMax;
    const full = lumaFull && chromaSame && comps[1].h === frame.hMax;
    for (let y = y0; y < y1; y++) {
      const ly = y - y0, o = y * outW;
      const r0 = Math.floor((ly * comps[0].v) / frame.vMax) * strides[0];
      if (this.color === "gray") {
        gray(out32, o, outW, p0, r0, m0);
        continue;
      }
      const r1 = Math.floor((ly * comps[1].v) / frame.vMax) * strides[1];
      const r2 = Math.floor((ly * comps[2].v) / frame.vMax) * strides[2];
      if (comps.length === 4) {
        const r3 = Math.floor((ly * comps[3].v) / frame.vMax) * strides[3];
        (this.color === "ycck" ? ycck : cmyk)(out32, o, outW, p0, r0, m0, p1, r1, m1, p2, r2, m2, p3, r3, m3);
      } else if (this.color === "rgb") rgb(out32, o, outW, p0, r0, m0, p1, r1, m1, p2, r2, m2);
      else if (half) yccHalf(out32, o, outW, p0, r0, p1, r1, p2, r2);
      else if (full) yccFull(out32, o, outW, p0, r0, p1, r1, p2, r2);
      else ycc(out32, o, outW, p0, r0, m0, p1, r1, m1, p2, r2, m2);
    }
    if (!LITTLE_ENDIAN) byteSwapWords(out32, y0 * outW, y1 * outW);
  }
}
