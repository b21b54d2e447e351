import { FaceflareError } from "../../core/errors.ts";
import { CorruptJpegError, type HuffmanSpec } from "./huffman.ts";
import { u16 } from "./segments.ts";

export interface Component {
  id: number;
  h: number;
  v: number;
  tq: number;
  /** Blocks that carry image data, and the MCU-padded block grid they live in. */
  blocksPerLine: number;
  blocksPerColumn: number;
  paddedPerLine: number;
  paddedPerColumn: number;
}

export interface Frame {
  progressive: boolean;
  width: number;
  height: number;
  components: Component[];
  hMax: number;
  vMax: number;
  mcusPerLine: number;
  mcusPerColumn: number;
}

export interface Tables {
  quant: (Int32Array | undefined)[];
  dc: (HuffmanSpec | undefined)[];
  ac: (HuffmanSpec | undefined)[];
}

const unsupported = (d: string) => new FaceflareError("unsupported_type", d);

/** SOF0/1/2 (8-bit Huffman, 1, 3 or 4 components); every other coding process is refused as unsupported. */
export function parseFrame(b: Uint8Array, start: number, end: number, marker: number): Frame {
  if (marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf) throw unsupported("lossless JPEG is not supported");
  if (marker >= 0xc9) throw unsupported("arithmetic-coded JPEG is not supported");
  if (marker === 0xc5 || marker === 0xc6) throw unsupported("hierarchical JPEG is not supported");
  if (end - start < 6) throw new CorruptJpegError("short SOF segment");
  const precision = b[start];
  const height = u16(b, start + 1);
  const width = u16(b, start + 3);
  const n = b[start + 5];
  if (precision !== 8) throw unsupported(`${precision}-bit JPEG is not supported`);
  if (n !== 1 && n !== 3 && n !== 4) throw unsupported(`JPEG with ${n} components is not supported (1, 3 or 4)`);
  if (width === 0 || height === 0) throw new CorruptJpegError("JPEG declares zero width or height (DNL is not supported)");
  if (start + 6 + n * 3 > end) throw new CorruptJpegError("short SOF");
  const components: Component[] = [];
  for (let i = 0; i < n; i++) {
    const p = start + 6 + i * 3;
    const h = n === 1 ? 1 : b[p + 1] >> 4; // a lone component is never subsampled (A.2.2)
    const v = n === 1 ? 1 : b[p + 1] & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new CorruptJpegError("bad sampling factor");
    if (b[p + 2] > 3) throw new CorruptJpegError("bad quantization table index");
    if (components.some((c) => c.id === b[p])) throw new CorruptJpegError("two components with one id");
    components.push({ id: b[p], h, v, tq: b[p + 2], blocksPerLine: 0, blocksPerColumn: 0, paddedPerLine: 0, paddedPerColumn: 0 });
  }
  const hMax = Math.max(...components.map((c) => c.h));
  const vMax = Math.max(...components.map((c) => c.v));
  const mcusPerLine = Math.ceil(width / (8 * hMax));
  const mcusPerColumn = Math.ceil(height / (8 * vMax));
  for (const c of components) {
    c.blocksPerLine = Math.ceil(Math.ceil((width * c.h) / hMax) / 8);
    c.blocksPerColumn = Math.ceil(Math.ceil((height * c.v) / vMax) / 8);
    c.paddedPerLine = mcusPerLine * c.h;
    c.paddedPerColumn = mcusPerColumn * c.v;
  }
  return { progressive: marker === 0xc2, width, height, components, hMax, vMax, mcusPerLine, mcusPerColumn };
}

/** Blocks of every component in the MCU-padded grid: what coefficient stores hold and budgets scale with. */
export const frameBlocks = (f: Frame): number => f.components.reduce((s, c) => s + c.paddedPerLine * c.paddedPerColumn, 0);

/** DQT: 8- or 16-bit tables, stored in zigzag order. */
export function parseQuant(b: Uint8Array, start: number, end: number, t: Tables): void {
  let p = start;
  while (p < end) {
    const pq = b[p] >> 4, tq = b[p] & 15;
    if (tq > 3) throw new CorruptJpegError("bad DQT index");
    p++;
    const q = new Int32Array(64);
    for (let i = 0; i < 64; i++, p += pq ? 2 : 1) q[i] = pq ? u16(b, p) : b[p];
    if (p > end) throw new CorruptJpegError("short DQT");
    t.quant[tq] = q;
  }
}

export function parseHuffman(b: Uint8Array, start: number, end: number, t: Tables): void {
  let p = start;
  while (p < end) {
    const tc = b[p] >> 4, th = b[p] & 15;
    if (th > 3 || tc > 1) throw new CorruptJpegError("bad DHT index");
    if (p + 17 > end) throw new CorruptJpegError("short DHT");
    const counts = b.subarray(p + 1, p + 17);
    let total = 0;
    for (const c of counts) total += c;
    if (total > 256 || p + 17 + total > end) throw new CorruptJpegError("short DHT");
    (tc === 0 ? t.dc : t.ac)[th] = { counts, symbols: b.subarray(p + 17, p + 17 + total), isAc: tc === 1 };
    p += 17 + total;
  }
}

export interface ScanHeader {
  components: { index: number; td: number; ta: number }[];
  ss: number;
  se: number;
  ah: number;
  al: number;
}

/**
 * SOS, with the checks libjpeg makes (B.2.3, G.1.1.1.1): each component once,
 * at most 10 blocks per interleaved MCU, and progressive parameters that are
 * possible (a DC scan has no AC band, an AC scan one component, a refinement
 * steps one bit, Al <= 13). Sequential scans carry the whole band.
 */
export function parseScan(b: Uint8Array, start: number, end: number, frame: Frame): ScanHeader {
  const n = b[start];
  if (n < 1 || n > 4 || start + 1 + n * 2 + 3 > end) throw new CorruptJpegError("bad SOS");
  const components: ScanHeader["components"] = [];
  let mcuBlocks = 0;
  for (let i = 0; i < n; i++) {
    const id = b[start + 1 + i * 2];
    const index = frame.components.findIndex((c) => c.id === id);
    if (index < 0) throw new CorruptJpegError("scan names an unknown component");
    if (components.some((c) => c.index === index)) throw new CorruptJpegError("scan names a component twice");
    const sel = b[start + 2 + i * 2];
    components.push({ index, td: sel >> 4, ta: sel & 15 });
    mcuBlocks += frame.components[index].h * frame.components[index].v;
  }
  if (n > 1 && mcuBlocks > 10) throw new CorruptJpegError("more than 10 blocks in an MCU");
  const p = start + 1 + n * 2;
  const ss = b[p], se = b[p + 1], ah = b[p + 2] >> 4, al = b[p + 2] & 15;
  if (!frame.progressive) return { components, ss: 0, se: 63, ah: 0, al: 0 };
  if (ss > 63 || se > 63 || ss > se) throw new CorruptJpegError("bad spectral selection");
  if (ss === 0 && se !== 0) throw new CorruptJpegError("progressive DC scan with AC band");
  if (ss > 0 && n !== 1) throw new CorruptJpegError("interleaved progressive AC scan");
  if ((ah !== 0 && al !== ah - 1) || al > 13) throw new CorruptJpegError("bad successive approximation");
  return { components, ss, se, ah, al };
}
