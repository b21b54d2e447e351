import { type BitReader, CorruptJpegError, FAST_BITS, type HuffmanTable } from "./huffman.ts";
import { type CoefStore, ZIGZAG } from "./tables.ts";

// Imported bindings copied to module locals: dev transforms (tsx, vitest) turn each use
// of an import into a getter call, which costs more than the work in these hot loops.
const ZZ = ZIGZAG;
const LOOKUP_BITS = FAST_BITS;

/** Per-component entropy state for the scan in progress. */
export interface ScanComponent {
  dc: HuffmanTable | undefined;
  ac: HuffmanTable | undefined;
  pred: number;
}

/** Progressive AC scans carry an end-of-band run across blocks (G.1.2.2). */
export interface BandState {
  eobrun: number;
}

export const need = <T>(t: T | undefined): T => {
  if (!t) throw new CorruptJpegError("scan uses an undefined Huffman table");
  return t;
};

/** Sequential (baseline / extended) block, F.2.2. */
export function decodeBaseline(r: BitReader, c: ScanComponent, st: CoefStore, bi: number): void {
  const t = r.decode(need(c.dc));
  c.pred += t ? r.receiveExtend(t) : 0;
  st.set(bi, 0, c.pred);
  const ac = need(c.ac);
  for (let k = 1; k < 64; ) {
    const rs = r.decode(ac);
    const s = rs & 15, run = rs >> 4;
    if (s === 0) {
      if (run !== 15) break; // EOB
      k += 16;
      continue;
    }
    k += run;
    if (k > 63) throw new CorruptJpegError("AC coefficient index past 63");
    st.set(bi, k, r.receiveExtend(s));
    k++;
  }
}

/**
 * Sequential block straight into `blk` (natural order, dequantized with the
 * zigzag-ordered multipliers qz; must be all zero on entry) — the streaming
 * path's hot loop. Returns the last zigzag index written (0: DC only).
 */
export function decodeBlockInto(r: BitReader, c: ScanComponent, dc: HuffmanTable, ac: HuffmanTable, blk: Float64Array, qz: Float64Array): number {
  const t = r.decode(dc);
  if (t > 15) throw new CorruptJpegError("DC difference category past 15");
  c.pred += t ? r.receiveExtend(t) : 0;
  blk[0] = c.pred * qz[0];
  const fastAc = ac.fastAc;
  const shift = LOOKUP_BITS, mask = (1 << LOOKUP_BITS) - 1, zz = ZZ;
  let last = 0;
  for (let k = 1; k < 64; ) {
    if (r.bits < 16) r.fill();
    const fa = fastAc[(r.acc >>> (r.bits - shift)) & mask];
    if (fa !== 0) {
      // Code and magnitude in one look-up.
      r.bits -= fa & 15;
      k += (fa >> 4) & 15;
      if (k > 63) throw new CorruptJpegError("AC coefficient index past 63");
      blk[zz[k]] = (fa >> 8) * qz[k];
      last = k++;
      continue;
    }
    const rs = r.decode(ac);
    const s = rs & 15, run = rs >> 4;
    if (s === 0) {
      if (run !== 15) break; // EOB
      k += 16;
      continue;
    }
    k += run;
    if (k > 63) throw new CorruptJpegError("AC coefficient index past 63");
    blk[zz[k]] = r.receiveExtend(s) * qz[k];
    last = k++;
  }
  return last;
}

/** Zero what decodeBlockInto wrote (zigzag 0..last): cheaper than clearing all 64 for typical short blocks. */
export function clearBlockTo(blk: Float64Array, last: number): void {
  const zz = ZZ;
  for (let k = 0; k <= last; k++) blk[zz[k]] = 0;
}

/** Progressive DC, first pass (G.1.2.1). */
export function decodeDcFirst(r: BitReader, c: ScanComponent, st: CoefStore, bi: number, al: number): void {
  const t = r.decode(need(c.dc));
  c.pred += t ? r.receiveExtend(t) : 0;
  st.set(bi, 0, c.pred * (1 << al));
}

/** Progressive DC, refinement: one bit. */
export function decodeDcRefine(r: BitReader, st: CoefStore, bi: number, al: number): void {
  if (r.readBit()) st.set(bi, 0, st.get(bi, 0) | (1 << al));
}

/** Progressive AC, first pass over band ss..se (G.1.2.2). */
export function decodeAcFirst(r: BitReader, c: ScanComponent, st: CoefStore, bi: number, ss: number, se: number, al: number, band: BandState): void {
  if (band.eobrun > 0) {
    band.eobrun--;
    return;
  }
  const ac = need(c.ac);
  const fastAc = ac.fastAc, mask = (1 << LOOKUP_BITS) - 1;
  for (let k = ss; k <= se; ) {
    if (r.bits < 16) r.fill();
    const fa = fastAc[(r.acc >>> (r.bits - LOOKUP_BITS)) & mask];
    if (fa !== 0) {
      // Code and magnitude in one look-up, as in decodeBlockInto.
      r.bits -= fa & 15;
      k += (fa >> 4) & 15;
      if (k > 63) throw new CorruptJpegError("AC coefficient index past 63");
      st.set(bi, k++, (fa >> 8) * (1 << al));
      continue;
    }
    const rs = r.decode(ac);
    const s = rs & 15, run = rs >> 4;
    if (s === 0) {
      if (run < 15) {
        band.eobrun = (1 << run) - 1 + r.readBits(run);
        break;
      }
      k += 16;
      continue;
    }
    k += run;
    if (k > 63) throw new CorruptJpegError("AC coefficient index past 63");
    st.set(bi, k, r.receiveExtend(s) * (1 << al));
    k++;
  }
}

/** Progressive AC refinement (G.1.2.3): new ±1<<al coefficients and correction bits for known ones. */
export function decodeAcRefine(r: BitReader, c: ScanComponent, st: CoefStore, bi: number, ss: number, se: number, al: number, band: BandState): void {
  const p1 = 1 << al;
  const nz = st.nonzero, w = bi * 2;
  let k = ss;
  if (band.eobrun <= 0) {
    const ac = need(c.ac);
    for (; k <= se; k++) {
      const rs = r.decode(ac);
      let s = rs & 15;
      let run = rs >> 4;
      if (s) {
        s = r.readBit() ? p1 : -p1;
      } else if (run !== 15) {
        band.eobrun = (1 << run) + r.readBits(run);
        break;
      }
      // Skip `run` zero coefficients, refining the non-zero ones passed over.
      for (; k <= se; k++) {
        if ((nz[w + (k >> 5)] >>> (k & 31)) & 1) {
          if (r.bits < 1) r.fill();
          r.bits--;
          if ((r.acc >>> r.bits) & 1) st.refine(bi, k, p1);
        } else {
          if (run === 0) break;
          run--;
        }
      }
      if (s) {
        if (k > se) throw new CorruptJpegError("refinement past end of band");
        st.set(bi, k, s);
      }
    }
  }
  if (band.eobrun > 0) {
    refineKnown(r, st, bi, k, se, p1);
    band.eobrun--;
  }
}

/** One correction bit for each already non-zero coefficient in k..se, found from the block's mask. */
function refineKnown(r: BitReader, st: CoefStore, bi: number, k: number, se: number, p1: number): void {
  const nz = st.nonzero;
  for (let word = k >> 5; word <= se >> 5; word++) {
    const lo = word === k >> 5 ? k & 31 : 0;
    const hi = word === se >> 5 ? se & 31 : 31;
    let m = nz[bi * 2 + word] & (((hi === 31 ? 0xffffffff : (1 << (hi + 1)) - 1) >>> lo) << lo);
    while (m !== 0) {
      const low = m & -m;
      if (r.bits < 1) r.fill();
      r.bits--;
      if ((r.acc >>> r.bits) & 1) st.refine(bi, (word << 5) + 31 - Math.clz32(low), p1);
      m ^= low;
    }
  }
}
