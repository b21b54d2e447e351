import type { ScanComponent } from "./blocks.ts";
import { type Frame, parseFrame, parseHuffman, parseQuant, parseScan, type Tables } from "./frame.ts";
import { BitReader, CorruptJpegError } from "./huffman.ts";
import { type ColorModel, RowRenderer } from "./render.ts";
import { decodeScanToStores } from "./scan.ts";
import { u16 } from "./segments.ts";
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

/**
 * Baseline and progressive Huffman JPEG (8-bit, 1 or 3 components) decoded at
 * 1/scale (scale in 1, 2, 4, 8). A single interleaved sequential scan is
 * decoded and rendered one MCU row at a time; anything else (progressive,
 * per-component scans) is accumulated in a compact coefficient store first.
 */
export function decodeJpeg(b: Uint8Array, scale: 1 | 2 | 4 | 8): JpegDecodeResult {
  const n = 8 / scale;
  const tables: Tables = { quant: [], dc: [], ac: [] };
  let frame: Frame | undefined;
  let restartInterval = 0;
  let adobeTransform = -1;
  let renderer: RowRenderer | undefined;
  let stores: CoefStore[] | undefined;
  let streamed = false;
  let pos = 2;

  const colorModel = (f: Frame): ColorModel => {
    if (f.components.length === 1) return "gray";
    if (adobeTransform === 0) return "rgb";
    if (adobeTransform < 0 && f.components.map((c) => String.fromCharCode(c.id)).join("") === "RGB") return "rgb";
    return "ycbcr";
  };
  const quantFor = (ci: number) => {
    const q = tables.quant[frame!.components[ci].tq];
    if (!q) throw new CorruptJpegError("component uses an undefined quantization table");
    return q;
  };

  while (pos < b.length && !streamed) {
    if (b[pos] !== 0xff) { pos++; continue; }
    const marker = b[pos + 1];
    if (marker === 0xff || marker === 0x00 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) { pos++; continue; }
    if (marker === 0xd9 || marker === undefined) break;
    if (pos + 4 > b.length) break;
    const start = pos + 4;
    const end = pos + 2 + u16(b, pos + 2);
    if (end > b.length) throw new CorruptJpegError("segment past end of file");
    pos = end;
    if (marker === 0xdb) parseQuant(b, start, end, tables);
    else if (marker === 0xc4) parseHuffman(b, start, end, tables);
    else if (marker === 0xdd) restartInterval = u16(b, start);
    else if (marker === 0xee && end - start >= 12 && String.fromCharCode(...b.subarray(start, start + 5)) === "Adobe") adobeTransform = b[start + 11];
    else if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) {
      if (frame) throw new CorruptJpegError("second frame header");
      frame = parseFrame(b, start, end, marker);
      renderer = new RowRenderer(frame, scale, colorModel(frame));
    } else if (marker === 0xda) {
      if (!frame || !renderer) throw new CorruptJpegError("scan before frame header");
      const scan = parseScan(b, start, end, frame);
      const r = new BitReader(b, end);
      const sc: ScanComponent[] = scan.components.map((s) => ({ dc: tables.dc[s.td], ac: tables.ac[s.ta], pred: 0 }));
      const all = scan.components.length === frame.components.length;
      if (!frame.progressive && all && !stores) {
        // Stream: decode an MCU row of blocks, IDCT into strips, emit rows.
        streamSequentialScan(r, frame, scan, restartInterval, sc, renderer, frame.components.map((_, i) => quantFor(i)));
        streamed = true;
      } else {
        stores ??= frame.components.map((c) => new CoefStore(c.paddedPerLine * c.paddedPerColumn, n));
        decodeScanToStores(r, frame, scan, restartInterval, sc, stores, frame.progressive);
      }
      if (r.overran()) throw new CorruptJpegError("JPEG data ends in the middle of a scan (truncated)");
      pos = r.nextMarker();
    }
  }
  if (!frame || !renderer) throw new CorruptJpegError("JPEG has no frame header");
  if (!streamed) {
    if (!stores) throw new CorruptJpegError("JPEG has no image data");
    renderStores(frame, stores, frame.components.map((_, i) => renderer!.quantFor(quantFor(i))), renderer);
  }
  return { width: renderer.outW, height: renderer.outH, data: renderer.out, fullWidth: frame.width, fullHeight: frame.height, scale, progressive: frame.progressive };
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
