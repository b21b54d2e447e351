import { readFileSync } from "node:fs";
import { decodeImage } from "../../../../src/image/decode.ts";
import type { RgbaImage } from "../../../../src/image/types.ts";
import { sampleCrop } from "../../../../src/pipeline/crop.ts";

/** A photo decoded by the product's own decoder. */
export async function decodeImageFile(path: string): Promise<RgbaImage> {
  return (await decodeImage(new Uint8Array(readFileSync(path)))).image;
}

/** A square-or-not box in source pixels. */
export interface Box { x: number; y: number; w: number; h: number }

/** `box` cut and resized to size x size by the pipeline's sampler: RGB 0..255, black outside the image. */
export function cropResize(img: RgbaImage, box: Box, size: number): Uint8Array {
  return sampleCrop(img, { cx: box.x + box.w / 2, cy: box.y + box.h / 2, width: box.w, height: box.h, angle: 0 }, size, size);
}

/** The whole image padded (centred) to a square box. */
export function squareBox(img: RgbaImage): Box {
  const s = Math.max(img.width, img.height);
  return { x: (img.width - s) / 2, y: (img.height - s) / 2, w: s, h: s };
}
