/** Decoded pixels, 4 bytes per pixel (RGBA), row-major, top row first. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}
