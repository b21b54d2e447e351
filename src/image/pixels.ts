import type { RgbaImage } from "./types.ts";

/** Bilinear resize (pixel centres aligned). Fine for modest ratios; use boxDownscale for big reductions. */
export function resizeBilinear(img: RgbaImage, w: number, h: number): RgbaImage {
  const { width: sw, height: sh, data: s } = img;
  const out = new Uint8ClampedArray(w * h * 4);
  const fx = sw / w, fy = sh / h;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(Math.max((y + 0.5) * fy - 0.5, 0), sh - 1);
    const y0 = Math.floor(sy), y1 = Math.min(y0 + 1, sh - 1), wy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(Math.max((x + 0.5) * fx - 0.5, 0), sw - 1);
      const x0 = Math.floor(sx), x1 = Math.min(x0 + 1, sw - 1), wx = sx - x0;
      const a = (y0 * sw + x0) * 4, b = (y0 * sw + x1) * 4, c = (y1 * sw + x0) * 4, d = (y1 * sw + x1) * 4;
      const o = (y * w + x) * 4;
      for (let k = 0; k < 4; k++) {
        const top = s[a + k] + (s[b + k] - s[a + k]) * wx;
        const bot = s[c + k] + (s[d + k] - s[c + k]) * wx;
        out[o + k] = top + (bot - top) * wy; // clamped array rounds
      }
    }
  }
  return { width: w, height: h, data: out };
}

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
