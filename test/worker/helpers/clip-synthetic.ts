/** Synthetic frame descriptors and the direct (two-pass) statistics to compare the clip's streaming ones with. */
import type { DescriptorLayout, EmotionFace } from "../../../src/clips/frame-descriptor.ts";
import { seededRandom as rng } from "../../../tools/learn/seeded-random.ts";

export { rng };


export const LAYOUT: DescriptorLayout = { emotionModel: "emotion", labels: ["neutral", "happy", "sad"], featureDim: 6 };
export const FACE_DIM = LAYOUT.featureDim + LAYOUT.labels.length;

/** One synthetic face: features then softmax probabilities, offset by `offset`. */
export function syntheticFace(r: () => number, offset = 0, box = { x: 0, y: 0, width: 10 + 90 * r(), height: 10 + 90 * r() }): EmotionFace {
  const features = Float32Array.from({ length: LAYOUT.featureDim }, () => offset + 4 * r() - 2);
  const logits = LAYOUT.labels.map(() => 3 * r());
  const z = logits.reduce((s, l) => s + Math.exp(l), 0);
  const probs = Float32Array.from(logits, (l) => Math.exp(l) / z);
  return { box, emotion: { model: LAYOUT.emotionModel, labels: LAYOUT.labels, probs, features } };
}

export function shuffle<T>(xs: T[], r: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Two-pass mean, max, min and population std of each column. */
export function directStats(rows: ArrayLike<number>[]) {
  const d = rows[0].length;
  const mean = new Float64Array(d), max = new Float64Array(d).fill(-Infinity), min = new Float64Array(d).fill(Infinity), std = new Float64Array(d);
  for (const r of rows) for (let i = 0; i < d; i++) {
    mean[i] += r[i] / rows.length;
    max[i] = Math.max(max[i], r[i]);
    min[i] = Math.min(min[i], r[i]);
  }
  for (const r of rows) for (let i = 0; i < d; i++) std[i] += (r[i] - mean[i]) ** 2 / rows.length;
  for (let i = 0; i < d; i++) std[i] = Math.sqrt(std[i]);
  return { mean, max, min, std };
}

export const concat = (...parts: ArrayLike<number>[]) => parts.flatMap((p) => Array.from(p));

/** Largest relative-or-absolute difference, so offsets of 1e6 compare fairly. */
export function maxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return e;
}
