import { FaceflareError } from "../core/errors.ts";
import { IMAGE_FORMAT_NAMES, type ImageType } from "./formats.ts";

export type { ImageType };

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Bytes needed to tell the supported formats apart. */
export const SNIFF_BYTES = 12;

/** Signatures of the formats we decode (formats.ts). */
const SUPPORTED: Record<ImageType, (b: Uint8Array) => boolean> = {
  jpeg: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  png: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  webp: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8),
};

/** Formats we recognise by signature but do not decode. */
const UNSUPPORTED: Array<[string, (b: Uint8Array) => boolean]> = [
  ["GIF", (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a"))],
  ["BMP", (b) => startsWith(b, ascii("BM")) && b.length >= 26],
  ["TIFF", (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])],
  ["HEIC/AVIF", (b) => startsWith(b, ascii("ftyp"), 4)],
  ["JPEG XL", (b) => startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])],
  ["JPEG 2000", (b) => startsWith(b, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(b, [0xff, 0x4f, 0xff, 0x51])],
  ["ICO", (b) => startsWith(b, [0, 0, 1, 0])],
  ["PSD", (b) => startsWith(b, ascii("8BPS"))],
  ["SVG", (b) => /^\s*(<\?xml|<svg)/i.test(new TextDecoder().decode(b.subarray(0, 64)))],
];

/** The supported format whose signature the first bytes carry, or null. */
export function detectImageType(b: Uint8Array): ImageType | null {
  for (const [type, test] of Object.entries(SUPPORTED) as [ImageType, (b: Uint8Array) => boolean][]) if (test(b)) return type;
  return null;
}

/** Image type from magic bytes; never trusts Content-Type. */
export function sniffImageType(b: Uint8Array): ImageType {
  const type = detectImageType(b);
  if (type) return type;
  for (const [name, test] of UNSUPPORTED) {
    if (test(b)) throw new FaceflareError("unsupported_type", `${name} images are not supported; send ${IMAGE_FORMAT_NAMES}`);
  }
  throw new FaceflareError("not_an_image", `body has no ${IMAGE_FORMAT_NAMES} signature`);
}
