/** One marker segment of a JPEG file; `start`/`end` bound its payload (after the length). */
export interface Segment {
  marker: number;
  start: number;
  end: number;
}

export class TruncatedError extends Error {}

/**
 * Walk marker segments from `pos` until SOS (inclusive) or EOI. Yields SOS too,
 * so callers can stop there; entropy-coded data is not skipped here.
 */
export function* segments(b: Uint8Array, pos = 2): Generator<Segment> {
  while (pos < b.length) {
    if (b[pos] !== 0xff) {
      pos++; // tolerate garbage between segments, as decoders in the wild do
      continue;
    }
    while (pos < b.length && b[pos] === 0xff) pos++; // fill bytes
    if (pos >= b.length) break;
    const marker = b[pos++];
    if (marker === 0xd9) return; // EOI
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0) continue;
    if (pos + 2 > b.length) throw new TruncatedError("segment length past end of file");
    const len = (b[pos] << 8) | b[pos + 1];
    if (len < 2) throw new TruncatedError("bad segment length");
    const end = pos + len;
    if (end > b.length) throw new TruncatedError("segment past end of file");
    yield { marker, start: pos + 2, end };
    pos = end;
  }
}

export const u16 = (b: Uint8Array, p: number) => (b[p] << 8) | b[p + 1];
