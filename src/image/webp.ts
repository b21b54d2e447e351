import { FaceflareError } from "../core/errors.ts";
import { MAX_WEBP_CHUNKS } from "./limits.ts";

const fourcc = (b: Uint8Array, p: number) => String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
const u32le = (b: Uint8Array, p: number) => (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;

/** Size a VP8 (lossy) or VP8L (lossless) bitstream declares, from its chunk payload at p. */
export function bitstreamSize(b: Uint8Array, kind: string, p: number): { width: number; height: number } | undefined {
  if (kind === "VP8 " && p + 10 <= b.length && b[p + 3] === 0x9d && b[p + 4] === 0x01 && b[p + 5] === 0x2a) {
    return { width: (b[p + 6] | (b[p + 7] << 8)) & 0x3fff, height: (b[p + 8] | (b[p + 9] << 8)) & 0x3fff };
  }
  if (kind === "VP8L" && p + 5 <= b.length && b[p] === 0x2f) {
    const bits = u32le(b, p + 1);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  return undefined;
}

/**
 * Checks before photon sees a WebP: at most MAX_WEBP_CHUNKS chunks, each
 * inside the file; exactly one image bitstream (VP8 or VP8L), no animation
 * frames; and the bitstream's own size equal to the size that was checked
 * (an extended file's canvas), so a small canvas cannot carry a large frame.
 */
export function checkWebpForPhoton(b: Uint8Array, width: number, height: number): void {
  const corrupt = (d: string) => new FaceflareError("corrupt_image", `WebP ${d}`);
  let p = 12, chunks = 0, frames = 0;
  while (p + 8 <= b.length) {
    const kind = fourcc(b, p);
    const size = u32le(b, p + 4);
    if (size > b.length - p - 8) throw corrupt(`chunk ${JSON.stringify(kind)} runs past the end of the file`);
    if (++chunks > MAX_WEBP_CHUNKS) throw new FaceflareError("too_large", `WebP has more than ${MAX_WEBP_CHUNKS} chunks`);
    if (kind === "ANIM" || kind === "ANMF") throw new FaceflareError("unsupported_type", "animated WebP is not supported");
    if (kind === "VP8 " || kind === "VP8L") {
      if (++frames > 1) throw corrupt("has more than one image bitstream");
      const s = bitstreamSize(b, kind, p + 8);
      if (!s) throw corrupt(`${kind.trim()} bitstream header is missing`);
      if (s.width !== width || s.height !== height) throw corrupt(`bitstream is ${s.width}x${s.height} but the file declares ${width}x${height}`);
    }
    p += 8 + size + (size & 1);
  }
  if (frames === 0) throw corrupt("has no image bitstream");
}
