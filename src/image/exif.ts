import type { ImageType } from "./sniff.ts";
import { segments } from "./jpeg/segments.ts";

/**
 * EXIF orientation (1..8) from a TIFF structure at b[start..end): IFD0 tag
 * 0x0112. Both byte orders. Anything malformed means "1" (leave pixels alone).
 */
export function tiffOrientation(b: Uint8Array, start: number, end: number): number {
  if (end - start < 8) return 1;
  const le = b[start] === 0x49 && b[start + 1] === 0x49;
  const be = b[start] === 0x4d && b[start + 1] === 0x4d;
  if (!le && !be) return 1;
  const u16 = (p: number) => (le ? b[p] | (b[p + 1] << 8) : (b[p] << 8) | b[p + 1]);
  const u32 = (p: number) => (le ? (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0 : ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0);
  if (u16(start + 2) !== 42) return 1;
  const ifd = start + u32(start + 4);
  if (ifd + 2 > end) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) return 1;
    if (u16(e) !== 0x0112) continue;
    const type = u16(e + 2);
    // SHORT is the spec'd type; some writers use LONG. Value sits left-justified in the 4-byte field.
    const v = type === 3 ? u16(e + 8) : type === 4 ? u32(e + 8) : 0;
    return v >= 1 && v <= 8 ? v : 1;
  }
  return 1;
}

const EXIF_ID = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"

function jpegOrientation(b: Uint8Array): number {
  try {
    for (const s of segments(b)) {
      if (s.marker === 0xda) break;
      if (s.marker !== 0xe1 || s.end - s.start < 14) continue;
      if (EXIF_ID.every((c, i) => b[s.start + i] === c)) return tiffOrientation(b, s.start + 6, s.end);
    }
  } catch {
    // a broken header is reported by the decoder, not here
  }
  return 1;
}

const fourcc = (b: Uint8Array, p: number) => String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);

function webpOrientation(b: Uint8Array): number {
  let p = 12;
  while (p + 8 <= b.length) {
    const size = (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0;
    const end = Math.min(b.length, p + 8 + size);
    if (fourcc(b, p) === "EXIF") {
      const skip = EXIF_ID.every((c, i) => b[p + 8 + i] === c) ? 6 : 0; // some writers keep the JPEG prefix
      return tiffOrientation(b, p + 8 + skip, end);
    }
    p += 8 + size + (size & 1);
  }
  return 1;
}

function pngOrientation(b: Uint8Array): number {
  let p = 8;
  while (p + 8 <= b.length) {
    const len = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    const type = fourcc(b, p + 4);
    if (type === "eXIf") return tiffOrientation(b, p + 8, Math.min(b.length, p + 8 + len));
    if (type === "IDAT" || type === "IEND") return 1; // eXIf must precede image data
    p += 12 + len;
  }
  return 1;
}

export function readOrientation(b: Uint8Array, type: ImageType): number {
  return type === "jpeg" ? jpegOrientation(b) : type === "webp" ? webpOrientation(b) : pngOrientation(b);
}
