import { buildHuffman, CorruptJpegError, type HuffmanTable } from "./huffman.ts";
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
  dc: (HuffmanTable | undefined)[];
  ac: (HuffmanTable | undefined)[];
}

export function parseFrame(b: Uint8Array, start: number, end: number, marker: number): Frame {
  const height = u16(b, start + 1);
  const width = u16(b, start + 3);
  const n = b[start + 5];
  if (start + 6 + n * 3 > end) throw new CorruptJpegError("short SOF");
  const components: Component[] = [];
  for (let i = 0; i < n; i++) {
    const p = start + 6 + i * 3;
    const h = n === 1 ? 1 : b[p + 1] >> 4; // a lone component is never subsampled (A.2.2)
    const v = n === 1 ? 1 : b[p + 1] & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new CorruptJpegError("bad sampling factor");
    if (b[p + 2] > 3) throw new CorruptJpegError("bad quantization table index");
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
    const counts = b.subarray(p + 1, p + 17);
    let total = 0;
    for (const c of counts) total += c;
    const symbols = b.subarray(p + 17, p + 17 + total);
    if (p + 17 + total > end) throw new CorruptJpegError("short DHT");
    (tc === 0 ? t.dc : t.ac)[th] = buildHuffman(counts, symbols, tc === 1);
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

export function parseScan(b: Uint8Array, start: number, end: number, frame: Frame): ScanHeader {
  const n = b[start];
  if (n < 1 || n > 4 || start + 1 + n * 2 + 3 > end) throw new CorruptJpegError("bad SOS");
  const components = [];
  for (let i = 0; i < n; i++) {
    const id = b[start + 1 + i * 2];
    const index = frame.components.findIndex((c) => c.id === id);
    if (index < 0) throw new CorruptJpegError("scan names an unknown component");
    const sel = b[start + 2 + i * 2];
    components.push({ index, td: sel >> 4, ta: sel & 15 });
  }
  const p = start + 1 + n * 2;
  const ss = b[p], se = b[p + 1];
  if (ss > 63 || se > 63 || ss > se) throw new CorruptJpegError("bad spectral selection");
  return { components, ss, se, ah: b[p + 2] >> 4, al: b[p + 2] & 15 };
}
