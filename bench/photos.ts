import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";

/** The photos every section measures (paths from the repo root). */
export const ROOT = resolve(import.meta.dirname, "..");
export const SAMPLE_PHOTOS = [1, 2, 3, 4, 5, 6].map((i) => `test/fixtures/demo/sample${i}.jpg`);
export const BIG_PHOTO = "test/fixtures/photo-12mp.jpg";
/**
 * Tasks every system performs: all four attributes by default; set
 * BENCH_TASKS=emotion,age,gender for the API's default request (ethnicity,
 * gear in both systems, is opt-in). Landmarks come free with detection.
 */
export const TASKS = (process.env.BENCH_TASKS ?? "emotion,age,gender,ethnicity").split(",");

export interface Photo {
  name: string;
  bytes: Uint8Array;
}

export function loadPhoto(path: string): Photo {
  return { name: basename(path), bytes: new Uint8Array(readFileSync(resolve(ROOT, path))) };
}

export const loadPhotos = (paths: string[]): Photo[] => paths.map(loadPhoto);
