import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { LabelledImage } from "./datasets.ts";

/**
 * Per-image pipeline outputs of a labelled set, computed once and reused:
 * a JSON index (labels, whether a face was found, its box) and a float32
 * matrix with one row per found face. Lives under build/ (gitignored).
 */
export const COLUMNS = {
  /** faceres `identity_features` (global pooling, 1024-d). */
  features: [0, 1024],
  /** faceres age posterior over 0..99 years. */
  agePosterior: [1024, 1124],
  /** faceres P(male). */
  pMale: [1124, 1125],
  /** gear's 5 ethnicity probabilities (NaN when gear was not run). */
  gear: [1125, 1130],
} as const;
export const ROW = 1130;

export interface CachedImage extends LabelledImage {
  /** Row in the matrix, or -1 when no face was found. */
  row: number;
  box?: { x: number; y: number; width: number; height: number };
  score?: number;
}

export interface FeatureCache {
  /** Everything the rows depend on (model hashes, crops, framing): a mismatch means recompute. */
  key: string;
  dataset: string;
  framing: string;
  images: CachedImage[];
  matrix: Float32Array;
}

export function column(cache: FeatureCache, image: CachedImage, name: keyof typeof COLUMNS): Float32Array {
  const [a, b] = COLUMNS[name];
  return cache.matrix.subarray(image.row * ROW + a, image.row * ROW + b);
}

export function saveCache(path: string, cache: FeatureCache) {
  mkdirSync(dirname(path), { recursive: true });
  const { matrix, ...index } = cache;
  writeFileSync(`${path}.f32`, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
  writeFileSync(`${path}.json`, JSON.stringify({ ...index, row: ROW }));
}

/** The cache at `path` if it exists and was made with `key` for exactly these files. */
export function loadCache(path: string, key: string, files?: string[]): FeatureCache | undefined {
  if (!existsSync(`${path}.json`) || !existsSync(`${path}.f32`)) return undefined;
  const index = JSON.parse(readFileSync(`${path}.json`, "utf8"));
  if (index.key !== key || index.row !== ROW) return undefined;
  if (files && (index.images.length !== files.length || index.images.some((im: CachedImage, i: number) => im.file !== files[i]))) return undefined;
  const bytes = readFileSync(`${path}.f32`);
  const matrix = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const found = index.images.filter((im: CachedImage) => im.row >= 0).length;
  if (matrix.length !== found * ROW) return undefined;
  const { row: _row, ...rest } = index;
  return { ...rest, matrix };
}
