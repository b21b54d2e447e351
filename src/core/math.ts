/** Small numeric helpers the pipeline, the answer and the clips share. */

/** Index of the largest value (the first one on ties). */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/** `x` rounded to `digits` decimals (the precision of API answers). */
export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** `{label: value}` per label, in label order. */
export function labelled(labels: readonly string[], values: ArrayLike<number>, map: (x: number) => number = (x) => x): Record<string, number> {
  return Object.fromEntries(labels.map((l, i) => [l, map(values[i])]));
}

/** The best label and every label's value. */
export function topLabel(labels: readonly string[], values: ArrayLike<number>, map?: (x: number) => number): { label: string; scores: Record<string, number> } {
  return { label: labels[argmax(values)], scores: labelled(labels, values, map) };
}

/** The item with the largest box area (the first one on ties); undefined for none. */
export function largestFace<T extends { box: { width: number; height: number } }>(faces: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const f of faces) if (!best || f.box.width * f.box.height > best.box.width * best.box.height) best = f;
  return best;
}
