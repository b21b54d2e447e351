/**
 * One output row of colour conversion into packed RGBA words (little-endian
 * byte order R, G, B, A). Samples come from per-component planes; `m*` map an
 * output x to a plane column (replicating subsampled chroma), the fast paths
 * skip the maps for the usual layouts.
 */

// JFIF YCbCr -> RGB in 16.16 fixed point. Since Y is an integer, every channel
// splits exactly into Y + an offset that depends on chroma only:
// floor((Y * 65536 + t) / 65536) = Y + floor(t / 65536).
const R_CR = new Int32Array(256), B_CB = new Int32Array(256), G_CR = new Int32Array(256), G_CB = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  R_CR[i] = ((Math.round(1.402 * 65536 * x) + 32768) >> 16) + 384;
  B_CB[i] = ((Math.round(1.772 * 65536 * x) + 32768) >> 16) + 384;
  G_CR[i] = -Math.round(0.714136 * 65536 * x);
  G_CB[i] = -Math.round(0.344136 * 65536 * x) + 32768 + (384 << 16);
}
/** CLAMP[v + 384] = v clamped to 0..255, for v in -384..639 (the tables above carry the +384). */
const CLAMP = new Uint8Array(1024);
for (let i = 0; i < 1024; i++) CLAMP[i] = Math.min(255, Math.max(0, i - 384));
const OPAQUE = 0xff000000 | 0;

type Plane = Uint8ClampedArray;

/** Any sampling: every sample found through the column maps. */
export function yccRowMapped(out: Uint32Array, o: number, w: number, p0: Plane, r0: number, m0: Int32Array, p1: Plane, r1: number, m1: Int32Array, p2: Plane, r2: number, m2: Int32Array): void {
  const clamp = CLAMP, rcr = R_CR, gcb = G_CB, gcr = G_CR, bcb = B_CB;
  for (let x = 0; x < w; x++) {
    const y = p0[r0 + m0[x]], cb = p1[r1 + m1[x]], cr = p2[r2 + m2[x]];
    out[o + x] = OPAQUE | (clamp[y + bcb[cb]] << 16) | (clamp[y + ((gcb[cb] + gcr[cr]) >> 16)] << 8) | clamp[y + rcr[cr]];
  }
}

/** Full-width luma, chroma at 1/2 width (4:2:0, 4:2:2): one chroma pair serves two pixels. */
export function yccRowHalf(out: Uint32Array, o: number, w: number, p0: Plane, r0: number, p1: Plane, r1: number, p2: Plane, r2: number): void {
  const clamp = CLAMP, rcr = R_CR, gcb = G_CB, gcr = G_CR, bcb = B_CB;
  let x = 0;
  for (let c = 0; x < w; x += 2, c++) {
    const cb = p1[r1 + c], cr = p2[r2 + c];
    const ro = rcr[cr], go = (gcb[cb] + gcr[cr]) >> 16, bo = bcb[cb];
    const y = p0[r0 + x];
    out[o + x] = OPAQUE | (clamp[y + bo] << 16) | (clamp[y + go] << 8) | clamp[y + ro];
    if (x + 1 < w) {
      const y2 = p0[r0 + x + 1];
      out[o + x + 1] = OPAQUE | (clamp[y2 + bo] << 16) | (clamp[y2 + go] << 8) | clamp[y2 + ro];
    }
  }
}

/** All components at full width (4:4:4, 4:4:0). */
export function yccRowFull(out: Uint32Array, o: number, w: number, p0: Plane, r0: number, p1: Plane, r1: number, p2: Plane, r2: number): void {
  const clamp = CLAMP, rcr = R_CR, gcb = G_CB, gcr = G_CR, bcb = B_CB;
  for (let x = 0; x < w; x++) {
    const y = p0[r0 + x], cb = p1[r1 + x], cr = p2[r2 + x];
    out[o + x] = OPAQUE | (clamp[y + bcb[cb]] << 16) | (clamp[y + ((gcb[cb] + gcr[cr]) >> 16)] << 8) | clamp[y + rcr[cr]];
  }
}

export function rgbRowMapped(out: Uint32Array, o: number, w: number, p0: Plane, r0: number, m0: Int32Array, p1: Plane, r1: number, m1: Int32Array, p2: Plane, r2: number, m2: Int32Array): void {
  for (let x = 0; x < w; x++) out[o + x] = OPAQUE | (p2[r2 + m2[x]] << 16) | (p1[r1 + m1[x]] << 8) | p0[r0 + m0[x]];
}

/** Adobe's inverted CMYK (255 = no ink): R = C * K / 255, and so on, rounded. */
const mul255 = (a: number, b: number) => {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
};

export function cmykRowMapped(out: Uint32Array, o: number, w: number, p0: Plane, r0: number, m0: Int32Array, p1: Plane, r1: number, m1: Int32Array, p2: Plane, r2: number, m2: Int32Array, p3: Plane, r3: number, m3: Int32Array): void {
  for (let x = 0; x < w; x++) {
    const k = p3[r3 + m3[x]];
    out[o + x] = OPAQUE | (mul255(p2[r2 + m2[x]], k) << 16) | (mul255(p1[r1 + m1[x]], k) << 8) | mul255(p0[r0 + m0[x]], k);
  }
}

/** YCCK: YCbCr -> RGB gives the complement of (inverted) C, M, Y; K is stored as is (libjpeg's ycck_cmyk_convert). */
export function ycckRowMapped(out: Uint32Array, o: number, w: number, p0: Plane, r0: number, m0: Int32Array, p1: Plane, r1: number, m1: Int32Array, p2: Plane, r2: number, m2: Int32Array, p3: Plane, r3: number, m3: Int32Array): void {
  const clamp = CLAMP, rcr = R_CR, gcb = G_CB, gcr = G_CR, bcb = B_CB;
  for (let x = 0; x < w; x++) {
    const y = p0[r0 + m0[x]], cb = p1[r1 + m1[x]], cr = p2[r2 + m2[x]], k = p3[r3 + m3[x]];
    const r = clamp[y + rcr[cr]], g = clamp[y + ((gcb[cb] + gcr[cr]) >> 16)], b = clamp[y + bcb[cb]];
    out[o + x] = OPAQUE | (mul255(255 - b, k) << 16) | (mul255(255 - g, k) << 8) | mul255(255 - r, k);
  }
}

export function grayRow(out: Uint32Array, o: number, w: number, p0: Plane, r0: number, m0: Int32Array): void {
  for (let x = 0; x < w; x++) {
    const g = p0[r0 + m0[x]];
    out[o + x] = OPAQUE | (g << 16) | (g << 8) | g;
  }
}

/** Packed words were built for little-endian memory; fix them up elsewhere. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
export function byteSwapWords(a: Uint32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const v = a[i];
    a[i] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
  }
}
