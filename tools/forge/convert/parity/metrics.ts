export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** max |a-b| relative to the reference tensor's largest magnitude. */
export function relToRange(a: Float32Array, b: Float32Array): number {
  let range = 0;
  for (let i = 0; i < b.length; i++) range = Math.max(range, Math.abs(b[i]));
  return range === 0 ? maxAbsDiff(a, b) : maxAbsDiff(a, b) / range;
}

/** Smallest cosine similarity between matching rows of width `dim`. */
export function minRowCosine(a: Float32Array, b: Float32Array, dim: number): number {
  let worst = 1;
  for (let r = 0; r < a.length / dim; r++) {
    let ab = 0, aa = 0, bb = 0;
    for (let i = r * dim; i < (r + 1) * dim; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
    worst = Math.min(worst, ab / Math.sqrt(aa * bb));
  }
  return worst;
}
