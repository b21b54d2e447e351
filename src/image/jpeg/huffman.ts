/** Huffman tables (T.81 Annex C) and the entropy-coded-data bit reader (F.2.2.5). */

export class CorruptJpegError extends Error {}

export const FAST_BITS = 9;
const FAST_MASK = (1 << FAST_BITS) - 1;

export interface HuffmanTable {
  /** (length << 8) | symbol for codes of <= FAST_BITS bits, indexed by the next FAST_BITS bits; 0 = longer. */
  fast: Uint16Array;
  /**
   * AC tables only: run/size symbol AND its magnitude bits resolved in one look-up,
   * when code length + size <= FAST_BITS: (value << 8) | (run << 4) | bitsUsed; 0 = use `fast`.
   */
  fastAc: Int32Array;
  /** Largest code of each length 1..16 (-1 if none), and the index of its first symbol. */
  maxCode: Int32Array;
  valOffset: Int32Array;
  symbols: Uint8Array;
}

/**
 * A DHT table as defined in the file: kept as its bytes until a scan uses it,
 * so a file of many (re)definitions costs no more than reading them.
 */
export interface HuffmanSpec {
  counts: Uint8Array;
  symbols: Uint8Array;
  isAc: boolean;
  built?: HuffmanTable;
}

/** The look-up table of a spec, built on first use (undefined stays undefined: the scan fails if it needs it). */
export function tableOf(spec: HuffmanSpec | undefined): HuffmanTable | undefined {
  if (!spec) return undefined;
  return (spec.built ??= buildHuffman(spec.counts, spec.symbols, spec.isAc));
}

export function buildHuffman(counts: Uint8Array, symbols: Uint8Array, isAc = false): HuffmanTable {
  const fast = new Uint16Array(1 << FAST_BITS);
  const maxCode = new Int32Array(18).fill(-1);
  const valOffset = new Int32Array(18);
  let code = 0, k = 0;
  for (let len = 1; len <= 16; len++) {
    const n = counts[len - 1];
    valOffset[len] = k - code;
    for (let i = 0; i < n; i++, k++, code++) {
      if (len <= FAST_BITS) {
        const shift = FAST_BITS - len;
        for (let j = 0; j < 1 << shift; j++) fast[(code << shift) | j] = (len << 8) | symbols[k];
      }
    }
    if (n) maxCode[len] = code - 1;
    if (code > 1 << len) throw new CorruptJpegError("Huffman table over-subscribed");
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff; // sentinel, never matched by a valid stream
  return { fast, fastAc: isAc ? buildFastAc(fast) : new Int32Array(0), maxCode, valOffset, symbols };
}

/** stb_image's trick: most AC coefficients are small, so code + magnitude fit in the look-up window. */
function buildFastAc(fast: Uint16Array): Int32Array {
  const t = new Int32Array(1 << FAST_BITS);
  for (let i = 0; i < t.length; i++) {
    const f = fast[i];
    if (!f) continue;
    const len = f >> 8, rs = f & 0xff, run = rs >> 4, size = rs & 15;
    if (size === 0 || len + size > FAST_BITS) continue;
    const m = (i >> (FAST_BITS - len - size)) & ((1 << size) - 1);
    const v = m < 1 << (size - 1) ? m - (1 << size) + 1 : m;
    t[i] = (v << 8) | (run << 4) | (len + size);
  }
  return t;
}

/**
 * Reads bits MSB first, removing 0xFF00 stuffing. At a marker or the end of data
 * it feeds zero bits; zero bits fed because the FILE ended are counted, so a
 * scan that consumed them is known to be truncated. Fields are public so hot
 * loops can peek at `acc`/`bits` directly.
 */
export class BitReader {
  acc = 0;
  bits = 0;
  eofBits = 0;
  /** `end` (default: the whole file) is where data counts as ended: the decoder's budget of entropy-coded bytes. */
  constructor(readonly data: Uint8Array, public pos: number, readonly end = data.length) {}

  /** Top up to 25..32 buffered bits. */
  fill(): void {
    const d = this.data;
    const len = this.end;
    let acc = this.acc, bits = this.bits, p = this.pos;
    while (bits <= 24) {
      let byte = 0;
      if (p >= len) {
        this.eofBits += 8;
      } else if ((byte = d[p]) !== 0xff) {
        p++;
      } else {
        const next = p + 1 < len ? d[p + 1] : -1;
        if (next === 0) {
          p += 2;
        } else if (next === 0xff) {
          p++; // fill byte before a marker
          continue;
        } else {
          byte = 0;
          if (next === -1) {
            this.eofBits += 8;
            p++;
          }
          // else: a marker — stay on it and feed zeros
        }
      }
      acc = (acc << 8) | byte;
      bits += 8;
    }
    this.acc = acc;
    this.bits = bits;
    this.pos = p;
  }

  readBit(): number {
    if (this.bits < 1) this.fill();
    this.bits--;
    return (this.acc >>> this.bits) & 1;
  }

  readBits(n: number): number {
    if (n === 0) return 0;
    if (this.bits < n) this.fill();
    this.bits -= n;
    return (this.acc >>> this.bits) & ((1 << n) - 1);
  }

  /** Read n bits as a signed magnitude-category value (T.81 F.2.2.1 EXTEND). */
  receiveExtend(n: number): number {
    if (n === 0) return 0;
    if (this.bits < n) this.fill();
    this.bits -= n;
    const v = (this.acc >>> this.bits) & ((1 << n) - 1);
    return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
  }

  decode(t: HuffmanTable): number {
    if (this.bits < 16) this.fill();
    const f = t.fast[(this.acc >>> (this.bits - FAST_BITS)) & FAST_MASK];
    if (f) {
      this.bits -= f >> 8;
      return f & 0xff;
    }
    return this.decodeSlow(t);
  }

  /** Codes longer than FAST_BITS: walk lengths (F.2.2.3). Caller guarantees >= 16 buffered bits. */
  decodeSlow(t: HuffmanTable): number {
    let len = FAST_BITS + 1;
    let code = (this.acc >>> (this.bits - len)) & ((1 << len) - 1);
    while (len <= 16 && code > t.maxCode[len]) {
      len++;
      code = (this.acc >>> (this.bits - len)) & ((1 << len) - 1);
    }
    if (len > 16) throw new CorruptJpegError("bad Huffman code");
    this.bits -= len;
    return t.symbols[t.valOffset[len] + code];
  }

  /** Drop buffered bits and step over an RSTn marker if one is next. */
  restart(): void {
    this.acc = 0;
    this.bits = 0;
    const d = this.data;
    let p = this.pos;
    while (p < d.length && d[p] === 0xff && d[p + 1] === 0xff) p++;
    if (p + 1 < d.length && d[p] === 0xff && d[p + 1] >= 0xd0 && d[p + 1] <= 0xd7) p += 2;
    this.pos = p;
  }

  /** True if the scan used bits that were invented past the end of the file. */
  overran(): boolean {
    return this.eofBits > this.bits;
  }

  /** Position of the marker that ends this scan's data. */
  nextMarker(): number {
    const d = this.data;
    let p = this.pos;
    while (p + 1 < d.length && !(d[p] === 0xff && d[p + 1] !== 0 && !(d[p + 1] >= 0xd0 && d[p + 1] <= 0xd7))) p++;
    return p;
  }
}
