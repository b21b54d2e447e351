/**
 * Multiclass linear classifiers on (optionally L2-normalised) standardised
 * vectors, with balanced class weights (n / (K·n_k)) by default:
 * - `logistic`: multinomial logistic regression (softmax cross-entropy + L2),
 * - `svm`: one-vs-rest linear SVM (squared hinge + L2), as sklearn's LinearSVC.
 * Full-batch Adam or L-BFGS from zero weights in a fixed order, so a fit is
 * deterministic: the same rows give the same bits. Used for clip classifiers
 * (descriptors) and heads on face features. Plain TypeScript (no node:
 * imports) so worker tests can use it.
 */
import { linearScores, softmax, type ClipClassifier } from "../../src/clips/classifier.ts";
import { l2Normalise } from "../../src/clips/clip-state.ts";
import { minimizeLbfgs } from "./lbfgs.ts";
import { standardiser } from "./standardise.ts";

export interface LabelledDescriptor {
  label: string;
  descriptor: ArrayLike<number>;
}

export interface FitOptions {
  kind: "logistic" | "svm";
  /** L2 penalty on the weights (per sample, i.e. λ/2·‖W‖² added to the mean loss). */
  l2: number;
  /** Adam: full-batch steps. L-BFGS: at most this many iterations. */
  epochs: number;
  learningRate: number;
  /**
   * `adam` (full batch, fixed step: where it stops depends on `epochs`) or
   * `lbfgs` (to the regularised optimum, within `tolerance` on the gradient).
   */
  solver: "adam" | "lbfgs";
  /** L-BFGS: stop when every gradient component is below this. */
  tolerance: number;
  /** L2-normalise each vector before standardising (clip descriptors; identity features, compared by cosine). */
  l2Normalise: boolean;
  /** Weight samples n / (K·n_k) so that every class counts the same. */
  balanced: boolean;
  /** Class labels in output order (default: the sorted distinct labels). */
  labels?: string[];
  /** Progress lines (the solver's convergence). */
  log?: (line: string) => void;
}

export const DEFAULT_FIT: FitOptions = { kind: "logistic", l2: 1e-3, epochs: 400, learningRate: 0.05, solver: "adam", tolerance: 1e-6, l2Normalise: true, balanced: true };

/** A fitted model: scores = weights · ((l2norm?(x) − mean) / std) + bias. */
export type Fitted = Pick<ClipClassifier, "kind" | "labels" | "mean" | "std" | "weights" | "bias" | "descriptorDim"> & { l2Normalise?: boolean };

/** The vector as the model sees it: L2-normalised if it was trained so, then standardised. */
export function prepare(model: Pick<Fitted, "mean" | "std"> & { l2Normalise?: boolean }, x: ArrayLike<number>): Float64Array {
  const z = model.l2Normalise === false ? Float64Array.from(x) : l2Normalise(x);
  for (let i = 0; i < z.length; i++) z[i] = (z[i] - model.mean[i]) / model.std[i];
  return z;
}

/** Options over the defaults; an option given as undefined keeps its default. */
export function fitOptions(options: Partial<FitOptions>): FitOptions {
  return { ...DEFAULT_FIT, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
}

export function fitLinear(rows: LabelledDescriptor[], options: Partial<FitOptions> = {}): Fitted {
  const opt = fitOptions(options);
  if (rows.length === 0) throw new Error("no training rows");
  const dim = rows[0].descriptor.length;
  for (const r of rows) if (r.descriptor.length !== dim) throw new Error(`descriptor of ${r.descriptor.length} values, expected ${dim}`);
  const labels = opt.labels ?? [...new Set(rows.map((r) => r.label))].sort();
  if (labels.length < 2) throw new Error("need at least two labels");
  const K = labels.length;
  const n = rows.length;

  // Standardise the (normalised) vectors; constant dimensions get std 1.
  const xs = rows.map((r) => (opt.l2Normalise ? l2Normalise(r.descriptor) : Float64Array.from(r.descriptor)));
  const { mean, std } = standardiser(xs);
  const Z = new Float64Array(n * dim);
  xs.forEach((x, s) => {
    for (let i = 0; i < dim; i++) Z[s * dim + i] = (x[i] - mean[i]) / std[i];
  });
  const ys = rows.map((r) => {
    const y = labels.indexOf(r.label);
    if (y < 0) throw new Error(`label ${r.label} is not among ${labels.join(", ")}`);
    return y;
  });
  const counts = labels.map((_, k) => ys.filter((y) => y === k).length);
  const present = counts.filter((c) => c > 0).length;
  const sampleWeight = ys.map((y) => (opt.balanced ? n / (present * counts[y]) : 1));

  // Flat row-major [K, dim] weights; gradients accumulated in a fixed order.
  const raw = new Float64Array(K);
  /** The data term (weighted mean loss) at (W, b); its gradient into gW, gb. */
  const pass = (W: Float64Array, b: Float64Array, gW: Float64Array, gb: Float64Array): number => {
    gW.fill(0);
    gb.fill(0);
    let loss = 0;
    for (let s = 0; s < n; s++) {
      const o = s * dim;
      for (let k = 0; k < K; k++) {
        let acc = b[k];
        const w = k * dim;
        for (let i = 0; i < dim; i++) acc += W[w + i] * Z[o + i];
        raw[k] = acc;
      }
      const { loss: l, grad: dLoss } = opt.kind === "logistic" ? softmaxLoss(raw, ys[s]) : hingeLoss(raw, ys[s]);
      loss += (l * sampleWeight[s]) / n;
      for (let k = 0; k < K; k++) {
        const g = (dLoss[k] * sampleWeight[s]) / n;
        if (g === 0) continue;
        gb[k] += g;
        const w = k * dim;
        for (let i = 0; i < dim; i++) gW[w + i] += g * Z[o + i];
      }
    }
    return loss;
  };
  const W = new Float64Array(K * dim);
  const b = new Float64Array(K);
  if (opt.solver === "lbfgs") {
    // Parameters packed as [W, b]; the penalty is on W only.
    const gW = new Float64Array(K * dim);
    const gb = new Float64Array(K);
    const objective = (x: Float64Array, grad: Float64Array) => {
      const w = x.subarray(0, K * dim);
      let value = pass(w, x.subarray(K * dim), gW, gb);
      for (let j = 0; j < w.length; j++) {
        value += (opt.l2 / 2) * w[j] * w[j];
        gW[j] += opt.l2 * w[j];
      }
      grad.set(gW, 0);
      grad.set(gb, K * dim);
      return value;
    };
    const r = minimizeLbfgs(objective, new Float64Array(K * dim + K), { maxIterations: opt.epochs, gradTolerance: opt.tolerance });
    opt.log?.(`L-BFGS: ${r.iterations} iterations, objective ${r.value.toFixed(6)}, max |gradient| ${r.gradNorm.toExponential(1)}`);
    W.set(r.x.subarray(0, K * dim));
    b.set(r.x.subarray(K * dim));
  } else {
    const gW = new Float64Array(K * dim);
    const gb = new Float64Array(K);
    const adam = newAdam(K * dim + K);
    for (let epoch = 0; epoch < opt.epochs; epoch++) {
      pass(W, b, gW, gb);
      for (let j = 0; j < W.length; j++) gW[j] += opt.l2 * W[j];
      adam.step(W, b, gW, gb, opt.learningRate);
    }
  }
  const weights = labels.map((_, k) => Array.from(W.subarray(k * dim, (k + 1) * dim)));
  return { kind: opt.kind, labels, mean, std, weights, bias: Array.from(b), descriptorDim: dim, l2Normalise: opt.l2Normalise };
}

/** Cross-entropy −log p_y and its gradient p − onehot over the logits. */
function softmaxLoss(raw: Float64Array, y: number): { loss: number; grad: Float64Array } {
  const p = softmax(raw);
  const loss = -Math.log(Math.max(p[y], 1e-300));
  p[y] -= 1;
  return { loss, grad: p };
}

/** One-vs-rest squared hinge Σ max(0, 1 − t·s)² with t = ±1, and its gradient. */
function hingeLoss(raw: Float64Array, y: number): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(raw.length);
  let loss = 0;
  for (let k = 0; k < raw.length; k++) {
    const t = k === y ? 1 : -1;
    const margin = 1 - t * raw[k];
    if (margin > 0) {
      loss += margin * margin;
      grad[k] = -2 * t * margin;
    }
  }
  return { loss, grad };
}

function newAdam(size: number) {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    step(W: Float64Array, b: Float64Array, gW: Float64Array, gb: Float64Array, lr: number) {
      t += 1;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      let j = 0;
      const upd = (arr: Float64Array, g: Float64Array) => {
        for (let i = 0; i < arr.length; i++, j++) {
          m[j] = 0.9 * m[j] + 0.1 * g[i];
          v[j] = 0.999 * v[j] + 0.001 * g[i] * g[i];
          arr[i] -= (lr * (m[j] / c1)) / (Math.sqrt(v[j] / c2) + 1e-8);
        }
      };
      upd(W, gW);
      upd(b, gb);
    },
  };
}

/** Raw scores (logits for `logistic`, decision values for `svm`), one per label. */
export function scoresOf(model: Fitted, descriptor: ArrayLike<number>): Float64Array {
  return linearScores(model.weights, model.bias, prepare(model, descriptor));
}

/** Class probabilities of a logistic model. */
export function probabilitiesOf(model: Fitted, descriptor: ArrayLike<number>): Float64Array {
  return softmax(scoresOf(model, descriptor));
}

export function predictLabel(model: Fitted, descriptor: ArrayLike<number>): string {
  const raw = scoresOf(model, descriptor);
  let best = 0;
  for (let k = 1; k < raw.length; k++) if (raw[k] > raw[best]) best = k;
  return model.labels[best];
}

/** Stratified k-fold: rows of each label dealt round-robin over folds (deterministic). */
export function stratifiedFolds(rows: { label: string }[], k: number): number[] {
  const fold = new Array<number>(rows.length);
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const c = seen.get(r.label) ?? 0;
    fold[i] = c % k;
    seen.set(r.label, c + 1);
  });
  return fold;
}

/**
 * k-fold cross-validation of any classifier: `fit` trains on the other folds
 * and returns a predictor. Accuracy pooled over all held-out rows, per-fold
 * accuracies, balanced accuracy (mean per-class recall) and each row's
 * out-of-fold prediction ("" for rows no fold could test).
 */
export function crossValidateWith<R extends { label: string }>(rows: R[], k: number, labels: string[], fit: (train: R[]) => (row: R) => string) {
  const fold = stratifiedFolds(rows, k);
  const predicted = new Array<string>(rows.length).fill("");
  const perFold: number[] = [];
  for (let f = 0; f < k; f++) {
    const testIdx = rows.map((_, i) => i).filter((i) => fold[i] === f);
    const train = rows.filter((_, i) => fold[i] !== f);
    if (testIdx.length === 0 || new Set(train.map((r) => r.label)).size < 2) continue;
    const predict = fit(train);
    let ok = 0;
    for (const i of testIdx) {
      predicted[i] = predict(rows[i]);
      if (predicted[i] === rows[i].label) ok++;
    }
    perFold.push(ok / testIdx.length);
  }
  const tested = rows.map((r, i) => ({ truth: r.label, pred: predicted[i] })).filter((p) => p.pred !== "");
  const recalls = labels
    .map((l) => tested.filter((p) => p.truth === l))
    .filter((of) => of.length)
    .map((of) => of.filter((p) => p.pred === p.truth).length / of.length);
  return {
    accuracy: tested.length ? tested.filter((p) => p.pred === p.truth).length / tested.length : NaN,
    balancedAccuracy: recalls.length ? recalls.reduce((a, b) => a + b, 0) / recalls.length : NaN,
    perFold,
    folds: perFold.length,
    predicted,
  };
}

/** k-fold cross-validation of fitLinear (see crossValidateWith). */
export function crossValidate(rows: LabelledDescriptor[], k: number, options: Partial<FitOptions> = {}) {
  const labels = options.labels ?? [...new Set(rows.map((r) => r.label))].sort();
  return crossValidateWith(rows, k, labels, (train) => {
    const model = fitLinear(train, { ...options, labels });
    return (row) => predictLabel(model, row.descriptor);
  });
}
