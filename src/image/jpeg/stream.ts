import { clearBlockTo, decodeBlockInto, need, type ScanComponent } from "./blocks.ts";
import type { Frame, ScanHeader } from "./frame.ts";
import type { BitReader } from "./huffman.ts";
import type { RowRenderer } from "./render.ts";

// Imported bindings copied to module locals: dev transforms (tsx, vitest) turn each use
// of an import into a getter call, which costs more than the work in these hot loops.
const [decodeBlock, clearBlock] = [decodeBlockInto, clearBlockTo];

/**
 * A sequential scan carrying every component of the frame: decode each block
 * straight into one reused buffer, IDCT it into the renderer's strips and emit
 * output rows after every MCU row. Nothing per block is allocated.
 */
export function streamSequentialScan(
  r: BitReader,
  frame: Frame,
  scan: ScanHeader,
  restartInterval: number,
  sc: ScanComponent[],
  rd: RowRenderer,
  quants: Int32Array[],
): void {
  const idx = scan.components.map((s) => s.index);
  const comps = idx.map((i) => frame.components[i]);
  const dcs = sc.map((s) => need(s.dc));
  const acs = sc.map((s) => need(s.ac));
  const qzs = idx.map((i) => rd.quantFor(quants[i]));
  const blk = new Float64Array(64);
  let mcu = 0;
  const restartDue = () => {
    const due = restartInterval > 0 && mcu > 0 && mcu % restartInterval === 0;
    mcu++;
    return due;
  };
  const restart = () => {
    r.restart();
    for (const s of sc) s.pred = 0;
  };

  if (comps.length === 1) {
    // 1-component frames have h = v = 1, so block rows are MCU rows.
    const c = comps[0], dc = dcs[0], ac = acs[0], qz = qzs[0], ci = idx[0], s0 = sc[0];
    for (let by = 0; by < c.blocksPerColumn; by++) {
      for (let bx = 0; bx < c.blocksPerLine; bx++) {
        if (restartDue()) restart();
        const last = decodeBlock(r, s0, dc, ac, blk, qz);
        rd.block(ci, blk, last > 0, 0, bx);
        clearBlock(blk, last);
      }
      rd.emit(by);
      if (r.overran()) return; // truncated, or past the entropy budget: the caller refuses it
    }
    return;
  }
  for (let my = 0; my < frame.mcusPerColumn; my++) {
    for (let mx = 0; mx < frame.mcusPerLine; mx++) {
      if (restartDue()) restart();
      for (let si = 0; si < comps.length; si++) {
        const c = comps[si], dc = dcs[si], ac = acs[si], qz = qzs[si], ci = idx[si], s = sc[si];
        for (let v = 0; v < c.v; v++) {
          for (let h = 0, bx = mx * c.h; h < c.h; h++, bx++) {
            const last = decodeBlock(r, s, dc, ac, blk, qz);
            rd.block(ci, blk, last > 0, v, bx);
            clearBlock(blk, last);
          }
        }
      }
    }
    rd.emit(my);
    if (r.overran()) return;
  }
}
