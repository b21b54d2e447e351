/**
 * Streaming per-dimension moments over frame descriptors: count, mean, sum of
 * squared deviations (M2), and optionally max/min. O(D) state whatever the
 * clip length. Welford's update for one vector stays accurate where the
 * naive Σx² − (Σx)²/n cancels.
 */
export interface Moments {
  n: number;
  mean: Float64Array;
  m2: Float64Array;
  /** Present when extremes are tracked (single-face clips: mean/max/min/std). */
  max?: Float64Array;
  min?: Float64Array;
}

export function emptyMoments(dim: number, withExtremes: boolean): Moments {
  const m: Moments = { n: 0, mean: new Float64Array(dim), m2: new Float64Array(dim) };
  if (withExtremes) {
    m.max = new Float64Array(dim).fill(-Infinity);
    m.min = new Float64Array(dim).fill(Infinity);
  }
  return m;
}

/** Welford: fold one vector into the state, in place. */
export function pushMoments(m: Moments, x: ArrayLike<number>): void {
  if (x.length !== m.mean.length) throw new RangeError(`descriptor has ${x.length} values, clip expects ${m.mean.length}`);
  m.n += 1;
  const { mean, m2, max, min } = m;
  for (let i = 0; i < mean.length; i++) {
    const v = x[i];
    const delta = v - mean[i];
    mean[i] += delta / m.n;
    m2[i] += delta * (v - mean[i]);
  }
  if (max && min) {
    for (let i = 0; i < mean.length; i++) {
      if (x[i] > max[i]) max[i] = x[i];
      if (x[i] < min[i]) min[i] = x[i];
    }
  }
}

/** Population standard deviation (numpy's default, as the paper's code uses). */
export function momentsStd(m: Moments): Float64Array {
  const out = new Float64Array(m.mean.length);
  if (m.n === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(Math.max(0, m.m2[i] / m.n));
  return out;
}

/** Bytes form for storage: each array as its raw little-endian float64 bytes. */
export interface EncodedMoments {
  n: number;
  mean: ArrayBuffer;
  m2: ArrayBuffer;
  max: ArrayBuffer | null;
  min: ArrayBuffer | null;
}

const bytesOf = (a: Float64Array): ArrayBuffer => a.slice().buffer as ArrayBuffer;

export function encodeMoments(m: Moments): EncodedMoments {
  return {
    n: m.n,
    mean: bytesOf(m.mean),
    m2: bytesOf(m.m2),
    max: m.max ? bytesOf(m.max) : null,
    min: m.min ? bytesOf(m.min) : null,
  };
}

export function decodeMoments(e: EncodedMoments): Moments {
  const f = (b: ArrayBuffer) => new Float64Array(b.slice(0));
  const m: Moments = { n: e.n, mean: f(e.mean), m2: f(e.m2) };
  if (e.max && e.min) {
    m.max = f(e.max);
    m.min = f(e.min);
  }
  return m;
}
