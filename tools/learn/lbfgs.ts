/**
 * Limited-memory BFGS for smooth convex objectives (e.g. L2-regularised
 * logistic regression), with a backtracking Armijo line search. Runs to a
 * gradient tolerance, so the answer is the objective's optimum rather than
 * wherever a stochastic optimiser stopped. Deterministic; plain TypeScript.
 */

/** Value and gradient at x (the gradient is written into `grad`). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when ‖grad‖∞ falls below this. */
  gradTolerance: number;
  maxIterations: number;
  /** Curvature pairs kept. */
  memory: number;
}

export const DEFAULT_LBFGS: LbfgsOptions = { gradTolerance: 1e-6, maxIterations: 500, memory: 10 };

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export function minimizeLbfgs(f: Objective, x0: Float64Array, options: Partial<LbfgsOptions> = {}): { x: Float64Array; value: number; iterations: number; gradNorm: number } {
  const opt = { ...DEFAULT_LBFGS, ...options };
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let value = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Array<number>(opt.memory);
  let iterations = 0;
  const infNorm = (v: Float64Array) => v.reduce((m, a) => Math.max(m, Math.abs(a)), 0);

  while (iterations < opt.maxIterations && infNorm(g) > opt.gradTolerance) {
    // Two-loop recursion: d = −H·g.
    d.set(g);
    for (let i = S.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(S[i], d);
      for (let j = 0; j < n; j++) d[j] -= alpha[i] * Y[i][j];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, infNorm(g));
    for (let j = 0; j < n; j++) d[j] *= gamma;
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i] * dot(Y[i], d);
      for (let j = 0; j < n; j++) d[j] += S[i][j] * (alpha[i] - beta);
    }
    for (let j = 0; j < n; j++) d[j] = -d[j];
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < n; j++) d[j] = -g[j] / Math.max(1, infNorm(g));
      slope = dot(g, d);
    }
    let step = 1;
    let newValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < n; j++) xNew[j] = x[j] + step * d[j];
      newValue = f(xNew, gNew);
      if (newValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(newValue < value) && !(newValue <= value)) break; // no progress possible
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = xNew[j] - x[j];
      y[j] = gNew[j] - g[j];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > opt.memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    x.set(xNew);
    g.set(gNew);
    const improved = value - newValue;
    value = newValue;
    iterations++;
    if (improved <= 1e-16 * Math.abs(value)) break; // below rounding: no further progress
  }
  return { x, value, iterations, gradNorm: infNorm(g) };
}
