import type { RgbaImage } from "./types.ts";

/** Average f x f blocks (edge blocks average what exists). Output is ceil(w/f) x ceil(h/f). */
export function boxDownscale(img: RgbaImage, f: number): RgbaImage {
  if (f <= 1) return img;
  const { width: sw, height: sh, data: s } = img;
  const w = Math.ceil(sw / f), h = Math.ceil(sh / f);
  const out = new Uint8ClampedArray(w * h * 4);
  const acc = new Float64Array(w * 4);
  const cnt = new Float64Array(w);
  for (let y = 0; y < h; y++) {
    acc.fill(0);
    cnt.fill(0);
    for (let sy = y * f; sy < Math.min(sh, y * f + f); sy++) {
      for (let sx = 0, i = sy * sw * 4; sx < sw; sx++, i += 4) {
        const x = (sx / f) | 0;
        acc[x * 4] += s[i]; acc[x * 4 + 1] += s[i + 1]; acc[x * 4 + 2] += s[i + 2]; acc[x * 4 + 3] += s[i + 3];
        cnt[x]++;
      }
    }
    for (let x = 0; x < w; x++) for (let k = 0; k < 4; k++) out[(y * w + x) * 4 + k] = acc[x * 4 + k] / cnt[x]; // clamped array rounds
  }
  return { width: w, height: h, data: out };
}
