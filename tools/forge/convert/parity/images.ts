import { readFileSync } from "node:fs";
import { PhotonImage } from "@cf-wasm/photon/node";
import type { RgbaImage } from "../../../../src/image/types.ts";

export function decodeImageFile(path: string): RgbaImage {
  const img = PhotonImage.new_from_byteslice(new Uint8Array(readFileSync(path)));
  try {
    return { width: img.get_width(), height: img.get_height(), data: img.get_raw_pixels() };
  } finally {
    img.free();
  }
}

/** A square-or-not box in source pixels. */
export interface Box { x: number; y: number; w: number; h: number }

/**
 * Bilinear crop of `box` resized to size x size, RGB 0..255 HWC float32.
 * Samples outside the image read 0 (black padding, like padding to square).
 */
export function cropResize(img: RgbaImage, box: Box, size: number): Float32Array {
  const out = new Float32Array(size * size * 3);
  const px = (x: number, y: number, c: number) =>
    x < 0 || y < 0 || x >= img.width || y >= img.height ? 0 : img.data[(y * img.width + x) * 4 + c];
  for (let oy = 0; oy < size; oy++) {
    const sy = box.y + ((oy + 0.5) * box.h) / size - 0.5;
    const y0 = Math.floor(sy), fy = sy - y0;
    for (let ox = 0; ox < size; ox++) {
      const sx = box.x + ((ox + 0.5) * box.w) / size - 0.5;
      const x0 = Math.floor(sx), fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const top = px(x0, y0, c) * (1 - fx) + px(x0 + 1, y0, c) * fx;
        const bottom = px(x0, y0 + 1, c) * (1 - fx) + px(x0 + 1, y0 + 1, c) * fx;
        out[(oy * size + ox) * 3 + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

/** The whole image padded (centred) to a square box. */
export function squareBox(img: RgbaImage): Box {
  const s = Math.max(img.width, img.height);
  return { x: (img.width - s) / 2, y: (img.height - s) / 2, w: s, h: s };
}
