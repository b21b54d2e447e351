/** Shared by the image tests in both projects (runtime-agnostic, not a test file). */
import type { RgbaImage } from "../../src/image/types.ts";

export function fromDataUrl(url: string): Uint8Array<ArrayBuffer> {
  const bin = atob(url.slice(url.indexOf(",") + 1));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Insert an APP1 Exif segment carrying IFD0 Orientation right after SOI. */
export function withExifOrientation(jpeg: Uint8Array, orientation: number, littleEndian = false): Uint8Array {
  const tiff = new Uint8Array(26);
  const dv = new DataView(tiff.buffer);
  const le = littleEndian;
  tiff.set(le ? [0x49, 0x49] : [0x4d, 0x4d]);
  dv.setUint16(2, 42, le);
  dv.setUint32(4, 8, le); // IFD0 right after the header
  dv.setUint16(8, 1, le); // one entry
  dv.setUint16(10, 0x0112, le);
  dv.setUint16(12, 3, le); // SHORT
  dv.setUint32(14, 1, le);
  dv.setUint16(18, orientation, le);
  dv.setUint32(22, 0, le); // no next IFD
  const payload = new Uint8Array([0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]);
  const seg = new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 255, ...payload]);
  const out = new Uint8Array(jpeg.length + seg.length);
  out.set(jpeg.subarray(0, 2));
  out.set(seg, 2);
  out.set(jpeg.subarray(2), 2 + seg.length);
  return out;
}

/** A JPEG that is only SOI + SOF0 with the given size and component count. */
export function jpegHeaderOnly(width: number, height: number, components: number): Uint8Array<ArrayBuffer> {
  const sof = [0xff, 0xc0, 0, 8 + components * 3, 8, height >> 8, height & 255, width >> 8, width & 255, components];
  for (let i = 0; i < components; i++) sof.push(i + 1, 0x11, 0);
  return new Uint8Array([0xff, 0xd8, ...sof, 0xff, 0xd9]);
}

/** Mean absolute difference over RGB channels. */
export function meanAbsDiff(a: RgbaImage, b: RgbaImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`size ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) if ((i & 3) !== 3) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / ((a.data.length / 4) * 3);
}

export function pixel(img: RgbaImage, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return [img.data[i], img.data[i + 1], img.data[i + 2]];
}

/** Standard deviation of the red channel: a uniform (failed) decode has ~0. */
export function redStdDev(img: RgbaImage): number {
  let s = 0, s2 = 0;
  const n = img.width * img.height;
  for (let i = 0; i < img.data.length; i += 4) { s += img.data[i]; s2 += img.data[i] * img.data[i]; }
  return Math.sqrt(s2 / n - (s / n) ** 2);
}
