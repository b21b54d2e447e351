/**
 * Ridge regression y ≈ w·z + b on standardised vectors, solved exactly
 * (normal equations, Cholesky). Cross-validation sums per-fold Gram
 * matrices, so a λ grid costs one pass over the data. The intercept is not
 * penalised. Deterministic; plain TypeScript.
 */

import { standardiser } from "./standardise.ts";

export interface RidgeModel {
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
  l2: number;
}

/** [z, 1] with z standardised. */
function augmented(x: ArrayLike<number>, s: { mean: number[]; std: number[] }): Float64Array {
  const d = s.mean.length;
  const z = new Float64Array(d + 1);
  for (let i = 0; i < d; i++) z[i] = (x[i] - s.mean[i]) / s.std[i];
  z[d] = 1;
  return z;
}

/** Gram matrix ZᵀZ (upper triangle filled, then mirrored) and Zᵀy of augmented rows. */
function gram(zs: Float64Array[], ys: number[]): { G: Float64Array; r: Float64Array } {
  const p = zs[0].length;
  const G = new Float64Array(p * p);
  const r = new Float64Array(p);
  zs.forEach((z, s) => {
    for (let i = 0; i < p; i++) {
      const zi = z[i];
      if (zi === 0) continue;
      r[i] += zi * ys[s];
      const row = i * p;
      for (let j = i; j < p; j++) G[row + j] += zi * z[j];
    }
  });
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) G[j * p + i] = G[i * p + j];
  return { G, r };
}

/** Solves (G + λ·I, intercept unpenalised) w = r by Cholesky. */
function solve(G: Float64Array, r: Float64Array, l2: number, n: number): Float64Array {
  const p = r.length;
  const A = Float64Array.from(G);
  // λ per sample, like the classifiers: the penalty is n·λ/2·‖w‖² on the summed loss.
  for (let i = 0; i < p - 1; i++) A[i * p + i] += n * l2;
  A[(p - 1) * p + (p - 1)] += 1e-9;
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j];
    for (let k = 0; k < j; k++) d -= A[j * p + k] ** 2;
    if (d <= 0) throw new Error("ridge system is not positive definite");
    const ljj = Math.sqrt(d);
    A[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j];
      for (let k = 0; k < j; k++) s -= A[i * p + k] * A[j * p + k];
      A[i * p + j] = s / ljj;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= A[i * p + k] * y[k];
    y[i] = s / A[i * p + i];
  }
  const w = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= A[k * p + i] * w[k];
    w[i] = s / A[i * p + i];
  }
  return w;
}

export function predictRidge(model: RidgeModel, x: ArrayLike<number>): number {
  let s = model.bias;
  for (let i = 0; i < model.weights.length; i++) s += model.weights[i] * ((x[i] - model.mean[i]) / model.std[i]);
  return s;
}

export function fitRidge(xs: ArrayLike<number>[], ys: number[], l2: number): RidgeModel {
  const s = standardiser(xs);
  const { G, r } = gram(xs.map((x) => augmented(x, s)), ys);
  const w = solve(G, r, l2, xs.length);
  const d = s.mean.length;
  return { ...s, weights: Array.from(w.subarray(0, d)), bias: w[d], l2 };
}

/**
 * k-fold MAE of ridge for each λ in `grid` (folds: index i goes to fold
 * i mod k, in the given order). Standardisation uses all rows (no labels).
 */
export function crossValidateRidge(xs: ArrayLike<number>[], ys: number[], k: number, grid: number[]): { l2: number; mae: number }[] {
  const s = standardiser(xs);
  const zs = xs.map((x) => augmented(x, s));
  const folds = Array.from({ length: k }, (_, f) => zs.map((_, i) => i).filter((i) => i % k === f));
  const grams = folds.map((idx) => gram(idx.map((i) => zs[i]), idx.map((i) => ys[i])));
  const p = zs[0].length;
  return grid.map((l2) => {
    let abs = 0;
    for (let f = 0; f < k; f++) {
      const G = new Float64Array(p * p);
      const r = new Float64Array(p);
      grams.forEach((g, h) => {
        if (h === f) return;
        for (let i = 0; i < G.length; i++) G[i] += g.G[i];
        for (let i = 0; i < p; i++) r[i] += g.r[i];
      });
      const w = solve(G, r, l2, xs.length - folds[f].length);
      for (const i of folds[f]) {
        let pred = 0;
        for (let j = 0; j < p; j++) pred += w[j] * zs[i][j];
        abs += Math.abs(pred - ys[i]);
      }
    }
    return { l2, mae: abs / xs.length };
  });
}
