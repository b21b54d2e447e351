import { type BandState, decodeAcFirst, decodeAcRefine, decodeBaseline, decodeDcFirst, decodeDcRefine, type ScanComponent } from "./blocks.ts";
import type { Frame, ScanHeader } from "./frame.ts";
import { type BitReader, CorruptJpegError } from "./huffman.ts";
import type { CoefStore } from "./tables.ts";

/** Every block decoder behind one signature, so the scan loop makes one plain call per block. */
type BlockDecoder = (r: BitReader, c: ScanComponent, st: CoefStore, bi: number, ss: number, se: number, al: number, band: BandState) => void;

const sequential: BlockDecoder = decodeBaseline;
const dcFirst: BlockDecoder = (r, c, st, bi, _ss, _se, al) => decodeDcFirst(r, c, st, bi, al);
const dcRefine: BlockDecoder = (r, _c, st, bi, _ss, _se, al) => decodeDcRefine(r, st, bi, al);

function pickDecoder(scan: ScanHeader, progressive: boolean): BlockDecoder {
  if (!progressive) return sequential;
  if (scan.ss === 0) {
    if (scan.se !== 0) throw new CorruptJpegError("progressive DC scan with AC band");
    return scan.ah === 0 ? dcFirst : dcRefine;
  }
  if (scan.components.length !== 1) throw new CorruptJpegError("interleaved progressive AC scan");
  return scan.ah === 0 ? decodeAcFirst : decodeAcRefine;
}

/**
 * Decode one scan into the coefficient stores, visiting blocks in coding order
 * (A.2): interleaved scans MCU by MCU, single-component scans block by block
 * over the component's own (unpadded) grid. Restart intervals reset DC
 * predictions and end-of-band runs.
 */
export function decodeScanToStores(r: BitReader, frame: Frame, scan: ScanHeader, restartInterval: number, sc: ScanComponent[], stores: CoefStore[], progressive: boolean): void {
  const fn = pickDecoder(scan, progressive);
  const { ss, se, al } = scan;
  const band: BandState = { eobrun: 0 };
  let mcu = 0;
  const restart = () => {
    r.restart();
    for (const s of sc) s.pred = 0;
    band.eobrun = 0;
  };
  if (scan.components.length === 1) {
    const ci = scan.components[0].index, c = frame.components[ci], st = stores[ci], s0 = sc[0];
    for (let by = 0; by < c.blocksPerColumn; by++) {
      for (let bx = 0, bi = by * c.paddedPerLine; bx < c.blocksPerLine; bx++, bi++) {
        if (restartInterval > 0 && mcu > 0 && mcu % restartInterval === 0) restart();
        mcu++;
        fn(r, s0, st, bi, ss, se, al, band);
      }
      if (r.overran()) return; // truncated, or past the entropy budget: the caller refuses it
    }
    return;
  }
  const comps = scan.components.map((s) => frame.components[s.index]);
  const sts = scan.components.map((s) => stores[s.index]);
  for (let my = 0; my < frame.mcusPerColumn; my++) {
    for (let mx = 0; mx < frame.mcusPerLine; mx++) {
      if (restartInterval > 0 && mcu > 0 && mcu % restartInterval === 0) restart();
      mcu++;
      for (let si = 0; si < comps.length; si++) {
        const c = comps[si], st = sts[si], s = sc[si];
        for (let v = 0; v < c.v; v++) {
          const row = (my * c.v + v) * c.paddedPerLine + mx * c.h;
          for (let h = 0; h < c.h; h++) fn(r, s, st, row + h, ss, se, al, band);
        }
      }
    }
    if (r.overran()) return;
  }
}
