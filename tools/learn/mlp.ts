/**
 * A one-hidden-layer perceptron classifier (ReLU, softmax cross-entropy with
 * balanced class weights and L2 weight decay), trained by mini-batch Adam.
 * Initialisation and batch order come from a seeded generator, so a fit is
 * deterministic. Inputs are prepared like the linear models' (optionally
 * L2-normalised, then standardised). Plain TypeScript.
 */
import { softmax } from "../../src/clips/classifier.ts";
import { l2Normalise } from "../../src/clips/clip-state.ts";
import type { LabelledDescriptor } from "./linear-model.ts";
import { standardiser } from "./standardise.ts";
import { seededRandom } from "./seeded-random.ts";

export { seededRandom };

export interface MlpOptions {
  hidden: number;
  l2: number;
  epochs: number;
  batch: number;
  learningRate: number;
  l2Normalise: boolean;
  seed: number;
  labels?: string[];
}

export const DEFAULT_MLP: MlpOptions = { hidden: 64, l2: 1e-3, epochs: 30, batch: 128, learningRate: 1e-3, l2Normalise: true, seed: 1 };

export interface MlpModel {
  labels: string[];
  mean: number[];
  std: number[];
  l2Normalise: boolean;
  /** [hidden][dim], [hidden], [K][hidden], [K]. */
  w1: number[][];
  b1: number[];
  w2: number[][];
  b2: number[];
}


function prepareRows(rows: LabelledDescriptor[], l2n: boolean) {
  const xs = rows.map((r) => (l2n ? l2Normalise(r.descriptor) : Float64Array.from(r.descriptor)));
  const dim = xs[0].length;
  const { mean, std } = standardiser(xs);
  for (const x of xs) for (let i = 0; i < dim; i++) x[i] = (x[i] - mean[i]) / std[i];
  return { xs, mean, std, dim };
}

export function fitMlp(rows: LabelledDescriptor[], options: Partial<MlpOptions> = {}): MlpModel {
  const opt: MlpOptions = { ...DEFAULT_MLP, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const labels = opt.labels ?? [...new Set(rows.map((r) => r.label))].sort();
  const K = labels.length;
  const H = opt.hidden;
  const { xs, mean, std, dim } = prepareRows(rows, opt.l2Normalise);
  const n = xs.length;
  const ys = rows.map((r) => labels.indexOf(r.label));
  if (ys.some((y) => y < 0)) throw new Error("a row's label is not among the labels");
  const counts = labels.map((_, k) => ys.filter((y) => y === k).length);
  const present = counts.filter((c) => c > 0).length;
  const weightOf = ys.map((y) => n / (present * counts[y]));

  const rand = seededRandom(opt.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  // He initialisation for the ReLU layer, Glorot-like for the output.
  const W1 = Float64Array.from({ length: H * dim }, () => gauss() * Math.sqrt(2 / dim));
  const B1 = new Float64Array(H);
  const W2 = Float64Array.from({ length: K * H }, () => gauss() * Math.sqrt(1 / H));
  const B2 = new Float64Array(K);
  const params = [W1, B1, W2, B2];
  const grads = params.map((p) => new Float64Array(p.length));
  const m = params.map((p) => new Float64Array(p.length));
  const v = params.map((p) => new Float64Array(p.length));
  let t = 0;
  const h = new Float64Array(H);
  const dh = new Float64Array(H);
  const order = Array.from({ length: n }, (_, i) => i);

  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    // Fisher-Yates with the seeded generator.
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let start = 0; start < n; start += opt.batch) {
      const batch = order.slice(start, start + opt.batch);
      for (const g of grads) g.fill(0);
      for (const s of batch) {
        const x = xs[s];
        for (let j = 0; j < H; j++) {
          let acc = B1[j];
          const o = j * dim;
          for (let i = 0; i < dim; i++) acc += W1[o + i] * x[i];
          h[j] = acc > 0 ? acc : 0;
        }
        const logits = new Float64Array(K);
        for (let k = 0; k < K; k++) {
          let acc = B2[k];
          for (let j = 0; j < H; j++) acc += W2[k * H + j] * h[j];
          logits[k] = acc;
        }
        const p = softmax(logits);
        p[ys[s]] -= 1;
        const w = weightOf[s] / batch.length;
        dh.fill(0);
        for (let k = 0; k < K; k++) {
          const g = p[k] * w;
          grads[3][k] += g;
          for (let j = 0; j < H; j++) {
            grads[2][k * H + j] += g * h[j];
            dh[j] += g * W2[k * H + j];
          }
        }
        for (let j = 0; j < H; j++) {
          if (h[j] <= 0 || dh[j] === 0) continue;
          const g = dh[j];
          grads[1][j] += g;
          const o = j * dim;
          for (let i = 0; i < dim; i++) grads[0][o + i] += g * x[i];
        }
      }
      for (const [pi, p] of [W1, W2].entries()) {
        const g = grads[pi * 2];
        for (let i = 0; i < p.length; i++) g[i] += opt.l2 * p[i];
      }
      t++;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      params.forEach((p, pi) => {
        const g = grads[pi];
        for (let i = 0; i < p.length; i++) {
          m[pi][i] = 0.9 * m[pi][i] + 0.1 * g[i];
          v[pi][i] = 0.999 * v[pi][i] + 0.001 * g[i] * g[i];
          p[i] -= (opt.learningRate * (m[pi][i] / c1)) / (Math.sqrt(v[pi][i] / c2) + 1e-8);
        }
      });
    }
  }
  const rowsOf = (a: Float64Array, r: number, c: number) => Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
  return { labels, mean, std, l2Normalise: opt.l2Normalise, w1: rowsOf(W1, H, dim), b1: Array.from(B1), w2: rowsOf(W2, K, H), b2: Array.from(B2) };
}

export function mlpProbabilities(model: MlpModel, descriptor: ArrayLike<number>): Float64Array {
  const x = model.l2Normalise ? l2Normalise(descriptor) : Float64Array.from(descriptor);
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - model.mean[i]) / model.std[i];
  const h = model.w1.map((w, j) => {
    let acc = model.b1[j];
    for (let i = 0; i < w.length; i++) acc += w[i] * x[i];
    return acc > 0 ? acc : 0;
  });
  return softmax(model.w2.map((w, k) => w.reduce((acc, wj, j) => acc + wj * h[j], model.b2[k])));
}
