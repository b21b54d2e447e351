import type { RgbaImage } from "./types.ts";

/** Orientations 5..8 swap width and height. */
export const swapsAxes = (o: number) => o >= 5 && o <= 8;

/**
 * Apply EXIF orientation so row 0 is the visual top. Each source pixel (x, y)
 * of a w x h image lands at the destination given by the EXIF definition.
 */
export function applyOrientation(img: RgbaImage, o: number): RgbaImage {
  if (o <= 1 || o > 8) return img;
  const { width: w, height: h } = img;
  const bytes = img.data.byteOffset % 4 === 0 ? img.data : img.data.slice();
  const src = new Uint32Array(bytes.buffer, bytes.byteOffset, w * h);
  const dw = swapsAxes(o) ? h : w;
  const dh = swapsAxes(o) ? w : h;
  const out = new Uint8ClampedArray(dw * dh * 4);
  const dst = new Uint32Array(out.buffer);
  // destination index = base + x * dx + y * dy
  let base = 0, dx = 1, dy = dw;
  switch (o) {
    case 2: base = w - 1; dx = -1; dy = w; break; // mirror horizontally
    case 3: base = w * h - 1; dx = -1; dy = -w; break; // rotate 180
    case 4: base = (h - 1) * w; dx = 1; dy = -w; break; // mirror vertically
    case 5: base = 0; dx = dw; dy = 1; break; // transpose
    case 6: base = h - 1; dx = dw; dy = -1; break; // rotate 90 clockwise
    case 7: base = (w - 1) * dw + h - 1; dx = -dw; dy = -1; break; // transverse
    case 8: base = (w - 1) * dw; dx = -dw; dy = 1; break; // rotate 90 counter-clockwise
  }
  for (let y = 0, i = 0; y < h; y++) {
    let d = base + y * dy;
    for (let x = 0; x < w; x++, i++, d += dx) dst[d] = src[i];
  }
  return { width: dw, height: dh, data: out };
}
