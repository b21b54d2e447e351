import { CorruptJpegError } from "./huffman.ts";

/** One marker segment of a JPEG file; `start`/`end` bound its payload (after the length). */
export interface Segment {
  marker: number;
  start: number;
  end: number;
}

/**
 * The one definition, for the whole JPEG path (header, EXIF, decoder), of
 * which markers stand alone (T.81 B.1.1.3 and Table B.1): SOI, EOI, RSTn and
 * TEM have no length field; every other marker is followed by one. Two walkers
 * that disagreed here could check a file as one size and decode it as
 * another (a SOF hidden behind TEM), so nothing else walks markers.
 */
export const standsAlone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);

/**
 * Walk marker segments from `pos` until EOI or the end of the bytes, yielding
 * every segment with a length, SOS included; entropy-coded data after an SOS
 * is not skipped here (the decoder resumes the walk at the marker that ends it).
 * Bytes between segments that are not a marker are skipped, as decoders in the
 * wild do, and so are FF fill bytes and FF00.
 */
export function* segments(b: Uint8Array, pos = 2): Generator<Segment> {
  while (pos < b.length) {
    if (b[pos] !== 0xff) {
      pos++;
      continue;
    }
    while (pos < b.length && b[pos] === 0xff) pos++; // fill bytes
    if (pos >= b.length) return;
    const marker = b[pos++];
    if (marker === 0xd9) return; // EOI
    if (marker === 0 || standsAlone(marker)) continue;
    if (pos + 2 > b.length) throw new CorruptJpegError("segment length past end of file");
    const len = (b[pos] << 8) | b[pos + 1];
    if (len < 2) throw new CorruptJpegError("bad segment length");
    const end = pos + len;
    if (end > b.length) throw new CorruptJpegError("segment past end of file");
    yield { marker, start: pos + 2, end };
    pos = end;
  }
}

export const u16 = (b: Uint8Array, p: number) => (b[p] << 8) | b[p + 1];
