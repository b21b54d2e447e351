/**
 * Multiclass linear clip classifiers on L2-normalised, standardised clip
 * descriptors, with balanced class weights (n / (K·n_k)):
 * - `logistic`: multinomial logistic regression (softmax cross-entropy + L2),
 * - `svm`: one-vs-rest linear SVM (squared hinge + L2), as sklearn's LinearSVC.
 * Full-batch Adam; plain TypeScript (no node: imports) so worker tests can use it.
 */
import { linearScores, prepareDescriptor, softmax, type ClipClassifier } from "../../src/clips/classifier.ts";
import { l2Normalise } from "../../src/clips/clip-state.ts";

export interface LabelledDescriptor {
  label: string;
  descriptor: number[];
}

export interface FitOptions {
  kind: "logistic" | "svm";
  /** L2 penalty on the weights (per sample, i.e. λ/2·‖W‖² added to the mean loss). */
  l2: number;
  epochs: number;
  learningRate: number;
}

export const DEFAULT_FIT: FitOptions = { kind: "logistic", l2: 1e-3, epochs: 400, learningRate: 0.05 };

type Fitted = Pick<ClipClassifier, "kind" | "labels" | "mean" | "std" | "weights" | "bias" | "descriptorDim">;

export function fitLinear(rows: LabelledDescriptor[], options: Partial<FitOptions> = {}): Fitted {
  const opt = { ...DEFAULT_FIT, ...options };
  if (rows.length === 0) throw new Error("no training rows");
  const dim = rows[0].descriptor.length;
  for (const r of rows) if (r.descriptor.length !== dim) throw new Error(`descriptor of ${r.descriptor.length} values, expected ${dim}`);
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  if (labels.length < 2) throw new Error("need at least two labels");
  const K = labels.length;
  const n = rows.length;

  // Standardise the L2-normalised descriptors; constant dimensions get std 1.
  const xs = rows.map((r) => l2Normalise(r.descriptor));
  const mean = new Array<number>(dim).fill(0);
  const std = new Array<number>(dim).fill(0);
  for (const x of xs) for (let i = 0; i < dim; i++) mean[i] += x[i] / n;
  for (const x of xs) for (let i = 0; i < dim; i++) std[i] += (x[i] - mean[i]) ** 2 / n;
  for (let i = 0; i < dim; i++) std[i] = std[i] > 1e-12 ? Math.sqrt(std[i]) : 1;
  const zs = rows.map((r) => prepareDescriptor({ mean, std }, r.descriptor));
  const ys = rows.map((r) => labels.indexOf(r.label));
  const counts = labels.map((_, k) => ys.filter((y) => y === k).length);
  const sampleWeight = ys.map((y) => n / (K * counts[y]));

  const W = Array.from({ length: K }, () => new Float64Array(dim));
  const b = new Float64Array(K);
  const adam = newAdam(K * (dim + 1));
  const gW = Array.from({ length: K }, () => new Float64Array(dim));
  const gb = new Float64Array(K);
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    for (const g of gW) g.fill(0);
    gb.fill(0);
    zs.forEach((z, s) => {
      const raw = linearScores(W as unknown as number[][], b as unknown as number[], z);
      const dLoss = opt.kind === "logistic" ? softmaxGrad(raw, ys[s]) : hingeGrad(raw, ys[s]);
      for (let k = 0; k < K; k++) {
        const g = (dLoss[k] * sampleWeight[s]) / n;
        if (g === 0) continue;
        gb[k] += g;
        const row = gW[k];
        for (let i = 0; i < dim; i++) row[i] += g * z[i];
      }
    });
    for (let k = 0; k < K; k++) for (let i = 0; i < dim; i++) gW[k][i] += opt.l2 * W[k][i];
    adam.step(W, b, gW, gb, opt.learningRate);
  }
  return { kind: opt.kind, labels, mean, std, weights: W.map((w) => Array.from(w)), bias: Array.from(b), descriptorDim: dim };
}

/** d(cross-entropy)/d(logits) = p − onehot. */
function softmaxGrad(raw: Float64Array, y: number): Float64Array {
  const p = softmax(raw);
  p[y] -= 1;
  return p;
}

/** One-vs-rest squared hinge: d/ds max(0, 1 − t·s)² with t = ±1. */
function hingeGrad(raw: Float64Array, y: number): Float64Array {
  const g = new Float64Array(raw.length);
  for (let k = 0; k < raw.length; k++) {
    const t = k === y ? 1 : -1;
    const margin = 1 - t * raw[k];
    if (margin > 0) g[k] = -2 * t * margin;
  }
  return g;
}

function newAdam(size: number) {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    step(W: Float64Array[], b: Float64Array, gW: Float64Array[], gb: Float64Array, lr: number) {
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
      W.forEach((w, k) => upd(w, gW[k]));
      upd(b, gb);
    },
  };
}

export function predictLabel(model: Fitted, descriptor: number[]): string {
  const raw = linearScores(model.weights, model.bias, prepareDescriptor(model, descriptor));
  let best = 0;
  for (let k = 1; k < raw.length; k++) if (raw[k] > raw[best]) best = k;
  return model.labels[best];
}

/** Stratified k-fold: rows of each label dealt round-robin over folds (deterministic). */
export function stratifiedFolds(rows: LabelledDescriptor[], k: number): number[] {
  const fold = new Array<number>(rows.length);
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const c = seen.get(r.label) ?? 0;
    fold[i] = c % k;
    seen.set(r.label, c + 1);
  });
  return fold;
}

/** k-fold cross-validated accuracy (pooled over all held-out rows) and per-fold accuracies. */
export function crossValidate(rows: LabelledDescriptor[], k: number, options: Partial<FitOptions> = {}) {
  const fold = stratifiedFolds(rows, k);
  let correct = 0;
  let total = 0;
  const perFold: number[] = [];
  for (let f = 0; f < k; f++) {
    const test = rows.filter((_, i) => fold[i] === f);
    const train = rows.filter((_, i) => fold[i] !== f);
    if (test.length === 0 || new Set(train.map((r) => r.label)).size < 2) continue;
    const model = fitLinear(train, options);
    const ok = test.filter((r) => predictLabel(model, r.descriptor) === r.label).length;
    correct += ok;
    total += test.length;
    perFold.push(ok / test.length);
  }
  return { accuracy: total ? correct / total : NaN, perFold, folds: perFold.length };
}
