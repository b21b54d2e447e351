import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PhotonImage, resize, SamplingFilter } from "@cf-wasm/photon";
import type { RgbaImage } from "../../../src/image/types.ts";

// Real faces for calibration and fp32-vs-int8 comparison. The face-api demo
// photos are all women, so gender variety comes from UTKFace chips when present.
export const SAMPLE_DIR = "node_modules/@vladmandic/face-api/demo";
export const UTK_DIR = "../shared/eval/utkface-dev";

/** Square face boxes [x, y, size] in original pixels, located by eye on a 100 px grid. */
export const SAMPLE_FACES: Record<string, [number, number, number][]> = {
  "sample1.jpg": [[375, 335, 260], [790, 390, 280], [1440, 175, 290]],
  "sample2.jpg": [[300, 140, 300], [840, 190, 280], [1390, 130, 280]],
  "sample3.jpg": [[540, 310, 280], [1030, 190, 300], [1440, 280, 300]],
  "sample4.jpg": [[220, 190, 240], [615, 55, 250], [955, 185, 230], [1225, 145, 250]],
  "sample5.jpg": [[290, 850, 340], [550, 400, 260], [715, 95, 250], [1055, 195, 250], [1350, 370, 300]],
  "sample6.jpg": [[210, 480, 280], [630, 320, 280], [1130, 300, 300], [1450, 270, 280]],
};

export interface Face {
  id: string;
  image: RgbaImage;
}

export function decodeFile(path: string): RgbaImage {
  const img = PhotonImage.new_from_byteslice(new Uint8Array(readFileSync(path)));
  const out = { width: img.get_width(), height: img.get_height(), data: new Uint8ClampedArray(img.get_raw_pixels()) };
  img.free();
  return out;
}

/** Resize with photon's triangle (bilinear, area-aware when shrinking) filter. */
export function resizeTo(img: RgbaImage, width: number, height: number): RgbaImage {
  if (img.width === width && img.height === height) return img;
  const src = new PhotonImage(new Uint8Array(img.data), img.width, img.height);
  const dst = resize(src, width, height, SamplingFilter.Triangle);
  const out = { width, height, data: new Uint8ClampedArray(dst.get_raw_pixels()) };
  src.free();
  dst.free();
  return out;
}

/** Square crop; pixels outside the image are black. */
export function cropSquare(img: RgbaImage, x0: number, y0: number, size: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = x0 + x, sy = y0 + y, o = (y * size + x) * 4;
      if (sx < 0 || sy < 0 || sx >= img.width || sy >= img.height) { data[o + 3] = 255; continue; }
      data.set(img.data.subarray((sy * img.width + sx) * 4, (sy * img.width + sx) * 4 + 4), o);
    }
  }
  return { width: size, height: size, data };
}

export function mirror(img: RgbaImage): RgbaImage {
  const data = new Uint8ClampedArray(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const s = (y * img.width + x) * 4, d = (y * img.width + (img.width - 1 - x)) * 4;
      data.set(img.data.subarray(s, s + 4), d);
    }
  }
  return { width: img.width, height: img.height, data };
}

/** Pad to a centred square canvas of `side` (black), scaling the image to fit. */
export function letterbox(img: RgbaImage, side: number): RgbaImage {
  const scale = side / Math.max(img.width, img.height);
  const w = Math.max(1, Math.round(img.width * scale)), h = Math.max(1, Math.round(img.height * scale));
  const fitted = resizeTo(img, w, h);
  return cropSquare(fitted, Math.floor((w - side) / 2), Math.floor((h - side) / 2), side);
}

/** The demo photos' faces, each also mirrored (22 faces -> 44 crops). */
export function sampleFaces(root = "."): Face[] {
  const faces: Face[] = [];
  for (const [file, boxes] of Object.entries(SAMPLE_FACES)) {
    const photo = decodeFile(join(root, SAMPLE_DIR, file));
    boxes.forEach(([x, y, s], i) => {
      const crop = cropSquare(photo, x, y, s);
      faces.push({ id: `${file}#${i}`, image: crop }, { id: `${file}#${i}-mirror`, image: mirror(crop) });
    });
  }
  return faces;
}

/** The demo photos whole (for detectors), each also mirrored. */
export function samplePhotos(root = "."): Face[] {
  return Object.keys(SAMPLE_FACES).flatMap((file) => {
    const photo = decodeFile(join(root, SAMPLE_DIR, file));
    return [{ id: file, image: photo }, { id: `${file}-mirror`, image: mirror(photo) }];
  });
}

/**
 * UTKFace chips (name = age_gender_race_...), picked deterministically so that
 * genders alternate and ages spread: sorted by name, then interleaved by gender.
 * `part` 0/1 selects disjoint halves (calibration vs comparison).
 */
export function utkChips(count: number, part: 0 | 1, dir = UTK_DIR): Face[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((n) => /^\d+_[01]_/.test(n)).sort();
  const byGender = [0, 1].map((g) => names.filter((n) => n.split("_")[1] === String(g)).filter((_, i) => i % 2 === part));
  const picked: string[] = [];
  for (let i = 0; picked.length < count && i < Math.max(byGender[0].length, byGender[1].length); i++) {
    // Stride through each gender list so ages (the name prefix) spread over the whole range.
    for (const list of byGender) {
      const stride = Math.max(1, Math.floor(list.length / Math.ceil(count / 2)));
      const name = list[i * stride];
      if (name && picked.length < count) picked.push(name);
    }
  }
  return picked.map((n) => ({ id: n, image: decodeFile(join(dir, n)) }));
}
