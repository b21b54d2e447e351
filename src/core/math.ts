/** Small numeric helpers the pipeline, the answer and the clips share. */

/** Index of the largest value (the first one on ties). */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/**
 * Decimals of the numbers in API answers, one rule for every route
 * (/v1/analyze, batch results, clips): probabilities, scores and other
 * model outputs 4, pixels and years 1, milliseconds 2. Feature vectors and
 * clip descriptors are raw float32 and not rounded.
 */
export const DIGITS = { score: 4, pixels: 1, years: 1, ms: 2 } as const;

/** `x` rounded to `digits` decimals (default: a score's, see DIGITS). */
export const round = (x: number, digits: number = DIGITS.score) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A box in pixels as answers carry it. */
export function roundBox(b: { x: number; y: number; width: number; height: number }) {
  const px = (v: number) => round(v, DIGITS.pixels);
  return { x: px(b.x), y: px(b.y), width: px(b.width), height: px(b.height) };
}

/**
 * `{label: score}` as answers carry it: keys in one canonical order
 * (alphabetical, whatever order a model lists its labels in) and scores
 * rounded.
 */
export function labelled(labels: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const pairs = labels.map((l, i) => [l, round(values[i])] as const);
  return Object.fromEntries(pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The best label and every label's score (see labelled). */
export function topLabel(labels: readonly string[], values: ArrayLike<number>): { label: string; scores: Record<string, number> } {
  return { label: labels[argmax(values)], scores: labelled(labels, values) };
}

/** The item with the largest box area (the first one on ties); undefined for none. */
export function largestFace<T extends { box: { width: number; height: number } }>(faces: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const f of faces) if (!best || f.box.width * f.box.height > best.box.width * best.box.height) best = f;
  return best;
}
