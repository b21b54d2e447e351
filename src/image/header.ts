import { FaceflareError } from "../core/errors.ts";
import type { ImageType } from "./sniff.ts";
import { type JpegHead, openJpeg } from "./jpeg/head.ts";
import { CorruptJpegError } from "./jpeg/huffman.ts";
import { bitstreamSize } from "./webp.ts";

export interface ImageHeader {
  width: number;
  height: number;
}

const corrupt = (d: string) => new FaceflareError("corrupt_image", d);
const unsupported = (d: string) => new FaceflareError("unsupported_type", d);

/**
 * JPEG size from its one frame header, read by the decoder's own walk
 * (openJpeg): the same frame that decodeJpeg then decodes.
 */
export function readJpegHeader(b: Uint8Array): ImageHeader {
  const { frame } = openJpegOrProblem(b);
  return { width: frame.width, height: frame.height };
}

/** openJpeg with corruption reported as a FaceflareError. */
export function openJpegOrProblem(b: Uint8Array): JpegHead {
  try {
    return openJpeg(b);
  } catch (e) {
    if (e instanceof CorruptJpegError) throw corrupt(`JPEG header: ${e.message}`);
    throw e;
  }
}

const u32be = (b: Uint8Array, p: number) => ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
const tag = (b: Uint8Array, p: number) => String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);

export function readPngHeader(b: Uint8Array): ImageHeader {
  if (b.length < 33 || tag(b, 12) !== "IHDR") throw corrupt("PNG has no IHDR chunk");
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  if (width === 0 || height === 0) throw corrupt("PNG declares zero width or height");
  return { width, height };
}

export function readWebpHeader(b: Uint8Array): ImageHeader {
  if (b.length < 30) throw corrupt("WebP header is truncated");
  const chunk = tag(b, 12);
  if (chunk === "VP8X") {
    if (b[20] & 0x02) throw unsupported("animated WebP is not supported");
    const width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
    const height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
    return { width, height };
  }
  if (chunk === "VP8 " || chunk === "VP8L") {
    const size = bitstreamSize(b, chunk, 20);
    if (!size) throw corrupt(`WebP ${chunk.trim()} bitstream header is missing`);
    return size;
  }
  throw corrupt(`WebP has unknown first chunk ${JSON.stringify(chunk)}`);
}

export function readHeader(b: Uint8Array, type: ImageType): ImageHeader {
  return type === "jpeg" ? readJpegHeader(b) : type === "png" ? readPngHeader(b) : readWebpHeader(b);
}
