import { join, resolve } from "node:path";
import type { Box } from "./images.ts";

/**
 * Face boxes (source pixels) in face-api's demo photos, read off the
 * converted blazeface-256 on each whole photo padded to square (score >= 0.6).
 */
export const SAMPLE_FACES: Record<number, [number, number, number, number][]> = {
  1: [[417, 404, 199, 199], [1496, 271, 143, 143], [852, 471, 172, 172]],
  2: [[1461, 199, 199, 199], [353, 190, 207, 207], [871, 255, 202, 202]],
  3: [[590, 388, 200, 200], [1065, 256, 251, 251], [1447, 347, 221, 221]],
  4: [[974, 227, 204, 204], [675, 125, 168, 168], [236, 247, 178, 178], [1281, 205, 182, 182]],
  5: [[569, 455, 197, 197], [776, 159, 165, 165], [1115, 257, 184, 184], [1422, 441, 210, 210], [355, 939, 207, 207]],
  6: [[653, 379, 240, 240], [1152, 354, 226, 226], [1465, 313, 245, 245], [227, 530, 235, 235]],
};

/** face-api's demo photo `n`, committed under test/fixtures/demo. */
export function samplePath(n: number): string {
  return join(resolve(import.meta.dirname, "../../../.."), `test/fixtures/demo/sample${n}.jpg`);
}

/** A detector box grown by `margin` on each side (face chips include some context). */
export function grow([x, y, w, h]: [number, number, number, number], margin: number): Box {
  return { x: x - w * margin, y: y - h * margin, w: w * (1 + 2 * margin), h: h * (1 + 2 * margin) };
}
