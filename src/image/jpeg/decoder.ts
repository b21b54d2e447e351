import { FaceflareError } from "../../core/errors.ts";
import { MAX_ENTROPY_BITS_PER_PIXEL, MAX_JPEG_SCANS, MAX_SCAN_PASSES } from "../limits.ts";
import type { ScanComponent } from "./blocks.ts";
import { type Frame, frameBlocks, parseScan, type ScanHeader } from "./frame.ts";
import { applyTableSegment, isFrameMarker, type JpegHead, openJpeg } from "./head.ts";
import { BitReader, CorruptJpegError, tableOf } from "./huffman.ts";
import { RowRenderer } from "./render.ts";
import { decodeScanToStores } from "./scan.ts";
import { type Segment, segments } from "./segments.ts";
import { streamSequentialScan } from "./stream.ts";
import { CoefStore } from "./tables.ts";

export { CorruptJpegError };

export interface JpegDecodeResult {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  /** Full-resolution size from SOF. */
  fullWidth: number;
  fullHeight: number;
  scale: number;
  progressive: boolean;
}

const tooMuch = (d: string) => new FaceflareError("too_large", d);

/** The work bounds below (limits.ts holds the values and their reasons). */
export interface JpegWorkLimits {
  scans: number;
  passes: number;
  bitsPerPixel: number;
}
const LIMITS: JpegWorkLimits = { scans: MAX_JPEG_SCANS, passes: MAX_SCAN_PASSES, bitsPerPixel: MAX_ENTROPY_BITS_PER_PIXEL };

/**
 * Baseline and progressive Huffman JPEG (8-bit; gray, YCbCr, RGB, CMYK, YCCK)
 * decoded at 1/scale (scale in 1, 2, 4, 8). A single interleaved sequential
 * scan is decoded and rendered one MCU row at a time; anything else
 * (progressive, per-component scans) is accumulated in a compact coefficient
 * store first. Pass the JpegHead that sized the image to decode that very frame.
 *
 * Work is bounded by the frame, whatever the file: at most `limits.scans`
 * scans, at most `limits.passes` visits of each block summed over scans
 * (checked before a scan starts), and at most `limits.bitsPerPixel` of
 * entropy-coded data (the bit reader sees the data end there; the scan stops
 * within an MCU row of reading past it).
 */
export function decodeJpeg(input: Uint8Array | JpegHead, scale: 1 | 2 | 4 | 8, limits = LIMITS): JpegDecodeResult {
  const head = input instanceof Uint8Array ? openJpeg(input) : input;
  const { bytes: b, frame } = head;
  if (!head.firstScan) throw new CorruptJpegError("JPEG has no image data");
  const st = { tables: head.tables, restartInterval: head.restartInterval };
  const renderer = new RowRenderer(frame, scale, head.color);
  /**
   * Each component's quantization table, latched at its first scan as libjpeg
   * does: a later DQT cannot change coefficients already coded.
   */
  const quants: (Int32Array | undefined)[] = frame.components.map(() => undefined);
  let stores: CoefStore[] | undefined;
  const visitBudget = limits.passes * frameBlocks(frame);
  const byteBudget = Math.ceil((limits.bitsPerPixel * frame.width * frame.height) / 8);
  let visits = 0, entropyBytes = 0, scans = 0;
  let sos: Segment | undefined = head.firstScan;

  while (sos) {
    const scan = parseScan(b, sos.start, sos.end, frame);
    if (++scans > limits.scans) throw tooMuch(`JPEG has more than ${limits.scans} scans`);
    visits += scanBlocks(frame, scan);
    if (visits > visitBudget) throw tooMuch(`JPEG scans visit each block more than ${limits.passes} times`);
    for (const { index } of scan.components) {
      if (quants[index] && !frame.progressive) throw new CorruptJpegError("sequential JPEG codes a component twice");
      if (quants[index]) continue;
      quants[index] = st.tables.quant[frame.components[index].tq];
      if (!quants[index]) throw new CorruptJpegError("component uses an undefined quantization table");
    }
    const r: BitReader = new BitReader(b, sos.end, Math.min(b.length, sos.end + byteBudget - entropyBytes));
    const sc: ScanComponent[] = scan.components.map((s) => ({ dc: tableOf(st.tables.dc[s.td]), ac: tableOf(st.tables.ac[s.ta]), pred: 0 }));
    const streamed = !head.multiScan && !stores;
    try {
      if (streamed) {
        // Stream: decode an MCU row of blocks, IDCT into strips, emit rows.
        streamSequentialScan(r, frame, scan, st.restartInterval, sc, renderer, quants as Int32Array[]);
      } else {
        stores ??= frame.components.map((c) => new CoefStore(c.paddedPerLine * c.paddedPerColumn, renderer.n));
        decodeScanToStores(r, frame, scan, st.restartInterval, sc, stores, frame.progressive);
      }
    } catch (e) {
      // Nonsense decoded from the zero bits fed past the data's end is that end's fault.
      if (!(e instanceof CorruptJpegError) || !r.overran()) throw e;
    }
    if (r.overran()) {
      if (r.end < b.length) throw tooMuch(`JPEG has more than ${limits.bitsPerPixel} bits of coded data per pixel`);
      throw new CorruptJpegError("JPEG data ends in the middle of a scan (truncated)");
    }
    entropyBytes += r.pos - sos.end;
    // A streamed scan completes the image: what follows it (normally just EOI) is not read.
    sos = streamed ? undefined : nextScan(b, r.nextMarker(), st);
  }
  if (stores) {
    const ones = new Int32Array(64).fill(1); // a component no scan carried has only zero coefficients
    renderStores(frame, stores, quants.map((q) => renderer.quantFor(q ?? ones)), renderer);
  }
  return { width: renderer.outW, height: renderer.outH, data: renderer.out, fullWidth: frame.width, fullHeight: frame.height, scale, progressive: frame.progressive };
}

/**
 * Bytes decodeJpeg(head, scale) allocates for its output and, when scans must
 * be accumulated, its coefficient stores (int16 per kept coefficient plus a
 * 64-bit non-zero mask per block; see CoefStore). The per-row strips are small.
 */
export function decodeBytes(head: JpegHead, scale: 1 | 2 | 4 | 8): number {
  const { frame } = head;
  const out = Math.ceil(frame.width / scale) * Math.ceil(frame.height / scale) * 4;
  const n = 8 / scale;
  return out + (head.multiScan ? frameBlocks(frame) * (2 * n * n + 8) : 0);
}

/**
 * Walk on to the next SOS, applying table and restart-interval definitions
 * (they hold for the scans after them, T.81 B.2.4). A frame header after a
 * scan is refused; EOI or the end of the bytes ends the image.
 */
function nextScan(b: Uint8Array, pos: number, st: { tables: JpegHead["tables"]; restartInterval: number }): Segment | undefined {
  for (const s of segments(b, pos)) {
    if (s.marker === 0xda) return s;
    if (applyTableSegment(b, s, st)) continue;
    if (isFrameMarker(s.marker)) throw new CorruptJpegError("frame header (SOF) after a scan");
  }
  return undefined;
}

/** Blocks a scan visits (A.2): one component's own grid, or whole MCUs when interleaved. */
function scanBlocks(frame: Frame, scan: ScanHeader): number {
  if (scan.components.length === 1) {
    const c = frame.components[scan.components[0].index];
    return c.blocksPerLine * c.blocksPerColumn;
  }
  const perMcu = scan.components.reduce((s, { index }) => s + frame.components[index].h * frame.components[index].v, 0);
  return frame.mcusPerLine * frame.mcusPerColumn * perMcu;
}

/** Render accumulated coefficients (progressive or multi-scan files), one MCU row at a time. */
function renderStores(frame: Frame, stores: CoefStore[], qzs: Float64Array[], rd: RowRenderer): void {
  const blk = new Float64Array(64);
  for (let my = 0; my < frame.mcusPerColumn; my++) {
    frame.components.forEach((c, ci) => {
      for (let v = 0; v < c.v; v++) {
        const row = (my * c.v + v) * c.paddedPerLine;
        for (let bx = 0; bx < c.paddedPerLine; bx++) rd.block(ci, blk, stores[ci].dequantize(row + bx, qzs[ci], blk), v, bx);
      }
    });
    rd.emit(my);
  }
}
