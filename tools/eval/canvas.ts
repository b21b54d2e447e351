import type { RgbaImage } from "../../src/image/types.ts";

/**
 * Centres an image on a black canvas `factor` times its size. Face chips
 * are cropped so tightly that BlazeFace often fires on part of the face;
 * with room around it, it finds the whole face (../shared/MODELS.md).
 */
export function onCanvas(img: RgbaImage, factor = 2): RgbaImage {
  const W = Math.round(img.width * factor);
  const H = Math.round(img.height * factor);
  const data = new Uint8Array(W * H * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  const ox = Math.floor((W - img.width) / 2);
  const oy = Math.floor((H - img.height) / 2);
  for (let y = 0; y < img.height; y++) {
    data.set(img.data.subarray(y * img.width * 4, (y + 1) * img.width * 4), ((y + oy) * W + ox) * 4);
  }
  return { width: W, height: H, data };
}

/** The image mirrored left to right. */
export function mirrored(img: RgbaImage): RgbaImage {
  const data = new Uint8Array(img.width * img.height * 4);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const from = (y * img.width + x) * 4;
      data.set(img.data.subarray(from, from + 4), (y * img.width + img.width - 1 - x) * 4);
    }
  }
  return { width: img.width, height: img.height, data };
}
