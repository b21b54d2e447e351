/**
 * npm run clip:synthetic -- [LABEL=PHOTO | DIR]... --out OUT [options]   (--help for them)
 *
 * Short synthetic clips made from single photos: each frame is the photo under
 * a small random similarity transform (scale, rotation, shift) and a
 * brightness change, re-encoded as JPEG. Written as OUT/<label>/<photo>/<clip>/NN.jpg
 * for clip:descriptors, so `train:clip --group-by segment:1` groups the clips of
 * one photo. They are not videos: the frames vary only as the transform does,
 * so what a classifier reaches on them says little about real video.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { parseArgs } from "node:util";
import { PhotonImage } from "@cf-wasm/photon/node";
import { isMain } from "../is-main.mjs";
import { seededRandom as rng } from "../learn/seeded-random.ts";

const USAGE = `Usage: npm run clip:synthetic -- [LABEL=PHOTO | DIR]... --out OUT [options]

Inputs: LABEL=PHOTO pairs (one photo with its label), or directories holding
DIR/<label>/<photo files>. Writes OUT/<label>/<photo>/<clip>/<frame>.jpg.

Options:
  --out <dir>         output directory (required)
  --clips <n>         clips per photo (default 2)
  --frames <n>        frames per clip (default 4)
  --canvas <x>        put the photo on a black canvas x times its size first,
                      for tight face chips the detector needs room around (default 1)
  --max-side <px>     scale photos down to at most this side first (default 640)
  --seed <n>          random seed (default 1); the same inputs and seed give the same files
  -h, --help          this help`;

class UsageError extends Error {}

export interface Transform {
  scale: number;
  /** Degrees. */
  rotate: number;
  /** Fractions of the output size. */
  dx: number;
  dy: number;
  /** Added to every channel, -255..255. */
  brightness: number;
}


/** A seed from text (FNV-1a), so each photo's clips do not depend on the order inputs are listed in. */
export const seedOf = (text: string) => [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);

/** Small changes: ±8% scale, ±6°, ±4% shift, ±20 brightness. */
export function randomTransform(r: () => number): Transform {
  const u = () => 2 * r() - 1;
  return { scale: 1 + 0.08 * u(), rotate: 6 * u(), dx: 0.04 * u(), dy: 0.04 * u(), brightness: Math.round(20 * u()) };
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

export function decodePhoto(bytes: Uint8Array, maxSide: number): Rgba {
  const img = PhotonImage.new_from_byteslice(bytes);
  try {
    const src = { width: img.get_width(), height: img.get_height(), data: img.get_raw_pixels() };
    const k = Math.min(1, maxSide / Math.max(src.width, src.height));
    return k < 1 ? warp(src, Math.round(src.width * k), Math.round(src.height * k), { scale: 1, rotate: 0, dx: 0, dy: 0, brightness: 0 }, 1) : src;
  } finally {
    img.free();
  }
}

/**
 * The source centred on a width x height canvas, `canvas` times its own size
 * scale folded in, then transformed about the centre; bilinear, black outside.
 */
export function warp(src: Rgba, width: number, height: number, t: Transform, canvas: number): Rgba {
  const out = new Uint8Array(width * height * 4);
  const a = (t.rotate * Math.PI) / 180;
  const k = t.scale * (width / (src.width * canvas));
  const cos = Math.cos(a) / k;
  const sin = Math.sin(a) / k;
  const cx = width / 2 + t.dx * width;
  const cy = height / 2 + t.dy * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Inverse map: output pixel -> source coordinates.
      const u = cos * (x + 0.5 - cx) + sin * (y + 0.5 - cy) + src.width / 2 - 0.5;
      const v = -sin * (x + 0.5 - cx) + cos * (y + 0.5 - cy) + src.height / 2 - 0.5;
      const o = (y * width + x) * 4;
      out[o + 3] = 255;
      if (u < 0 || v < 0 || u > src.width - 1 || v > src.height - 1) continue;
      const x0 = Math.floor(u), y0 = Math.floor(v);
      const x1 = Math.min(x0 + 1, src.width - 1), y1 = Math.min(y0 + 1, src.height - 1);
      const fx = u - x0, fy = v - y0;
      for (let ch = 0; ch < 3; ch++) {
        const p = (xx: number, yy: number) => src.data[(yy * src.width + xx) * 4 + ch];
        const value = (p(x0, y0) * (1 - fx) + p(x1, y0) * fx) * (1 - fy) + (p(x0, y1) * (1 - fx) + p(x1, y1) * fx) * fy;
        out[o + ch] = Math.max(0, Math.min(255, Math.round(value + t.brightness)));
      }
    }
  }
  return { width, height, data: out };
}

export function encodeJpeg(img: Rgba, quality = 90): Uint8Array {
  const p = new PhotonImage(img.data, img.width, img.height);
  try {
    return p.get_bytes_jpeg(quality);
  } finally {
    p.free();
  }
}

/** `frames` JPEG frames of one synthetic clip of `photo`. */
export function syntheticClip(photo: Rgba, frames: number, r: () => number, canvas = 1): Uint8Array[] {
  const width = Math.round(photo.width * canvas);
  const height = Math.round(photo.height * canvas);
  return Array.from({ length: frames }, () => encodeJpeg(warp(photo, width, height, randomTransform(r), canvas)));
}

const IMAGE = /\.(jpe?g|png|webp)$/i;

/** (label, photo path) pairs from LABEL=PHOTO arguments and DIR/<label>/<photo> directories. */
export function photosOf(inputs: string[]): { label: string; path: string }[] {
  return inputs.flatMap((input) => {
    const eq = input.indexOf("=");
    if (eq > 0) return [{ label: input.slice(0, eq), path: input.slice(eq + 1) }];
    if (!statSync(input).isDirectory()) throw new UsageError(`${input}: give LABEL=PHOTO or a directory of <label>/<photos>`);
    return readdirSync(input)
      .filter((l) => statSync(join(input, l)).isDirectory())
      .sort()
      .flatMap((label) => readdirSync(join(input, label)).filter((n) => IMAGE.test(n)).sort().map((n) => ({ label, path: join(input, label, n) })));
  });
}

export interface SyntheticOptions {
  out: string;
  clips: number;
  frames: number;
  canvas: number;
  maxSide: number;
  seed: number;
}

/** Writes the clips; returns their directories. */
export function writeSyntheticClips(photos: { label: string; path: string }[], o: SyntheticOptions): string[] {
  const written: string[] = [];
  for (const { label, path } of photos) {
    const stem = basename(path, extname(path)).replace(/[^A-Za-z0-9._-]/g, "_");
    const photo = decodePhoto(new Uint8Array(readFileSync(path)), o.maxSide);
    const r = rng(seedOf(`${o.seed}/${label}/${stem}`));
    for (let c = 0; c < o.clips; c++) {
      const dir = join(o.out, label, stem, `clip${c + 1}`);
      mkdirSync(dir, { recursive: true });
      syntheticClip(photo, o.frames, r, o.canvas).forEach((jpeg, f) => writeFileSync(join(dir, `${String(f + 1).padStart(2, "0")}.jpg`), jpeg));
      written.push(dir);
    }
  }
  return written;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string" }, clips: { type: "string", default: "2" }, frames: { type: "string", default: "4" }, canvas: { type: "string", default: "1" },
      "max-side": { type: "string", default: "640" }, seed: { type: "string", default: "1" }, help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(USAGE);
  if (!values.out || positionals.length === 0) throw new UsageError(USAGE);
  const int = (v: string, flag: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer >= ${min}, not ${v}`);
    return n;
  };
  const canvas = Number(values.canvas);
  if (!(canvas >= 1 && canvas <= 4)) throw new UsageError(`--canvas must be between 1 and 4, not ${values.canvas}`);
  const photos = photosOf(positionals);
  const dirs = writeSyntheticClips(photos, {
    out: values.out, clips: int(values.clips, "--clips", 1), frames: int(values.frames, "--frames", 1), canvas,
    maxSide: int(values["max-side"], "--max-side", 16), seed: int(values.seed, "--seed", 0),
  });
  console.log(`wrote ${dirs.length} clips of ${values.frames} frames from ${photos.length} photos to ${values.out}`);
}

if (isMain(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof UsageError ? err.message : err);
    process.exit(err instanceof UsageError ? 2 : 1);
  }
}
