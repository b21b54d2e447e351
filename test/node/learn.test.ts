import { describe, expect, it } from "vitest";
import { createOrtWebNodeBackend } from "../../tools/runtime/ort-web-node.ts";
import { linearHeadOnnx } from "../../tools/heads/head-onnx.ts";
import { applyMap, isotonicFit, linearFit } from "../../tools/learn/isotonic.ts";
import { minimizeLbfgs } from "../../tools/learn/lbfgs.ts";
import { crossValidate, fitLinear, probabilitiesOf, type LabelledDescriptor } from "../../tools/learn/linear-model.ts";
import { fitMlp, mlpProbabilities, seededRandom } from "../../tools/learn/mlp.ts";
import { crossValidateRidge, fitRidge, predictRidge } from "../../tools/learn/ridge.ts";

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());

/** K labelled clusters in `dim` dimensions, imbalanced, overlapping a little. */
function clusters(seed: number, dim = 64, sizes = [60, 30, 15]): LabelledDescriptor[] {
  const r = seededRandom(seed);
  const centres = sizes.map(() => Array.from({ length: dim }, () => gauss(r)));
  return sizes.flatMap((n, k) => Array.from({ length: n }, () => ({ label: `c${k}`, descriptor: centres[k].map((c) => 2 + c + 0.7 * gauss(r)) })));
}

const argmax = (v: ArrayLike<number>) => Array.from(v).reduce((b, x, i, a) => (x > a[b] ? i : b), 0);

describe("L-BFGS", () => {
  it("finds the minimum of an ill-conditioned quadratic", () => {
    const scales = Float64Array.from({ length: 20 }, (_, i) => 1 + 100 * i);
    const r = minimizeLbfgs((x, g) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) {
        f += (scales[i] * (x[i] - i) ** 2) / 2;
        g[i] = scales[i] * (x[i] - i);
      }
      return f;
    }, new Float64Array(20), { gradTolerance: 1e-8 });
    expect(r.gradNorm).toBeLessThan(1e-8);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(i, 6));
  });
});

describe("linear heads", () => {
  it("L-BFGS logistic regression separates clusters in CV, deterministically", () => {
    const rows = clusters(7);
    const opts = { solver: "lbfgs", l2: 0.01, epochs: 300 } as const;
    const cv = crossValidate(rows, 3, opts);
    expect(cv.folds).toBe(3);
    expect(cv.accuracy).toBeGreaterThan(0.9);
    expect(cv.balancedAccuracy).toBeGreaterThan(0.9);
    expect(cv.predicted.every((p) => p !== "")).toBe(true);
    const a = fitLinear(rows, opts);
    const b = fitLinear(rows, opts);
    expect(a.weights).toEqual(b.weights); // same rows, same bits
    expect(a.bias).toEqual(b.bias);
  });

  it("a stronger penalty gives smaller weights (the optimum moves with λ, not with when the solver stopped)", () => {
    const rows = clusters(8);
    const norm = (l2: number) => fitLinear(rows, { solver: "lbfgs", l2 }).weights.flat().reduce((s, w) => s + w * w, 0);
    expect(norm(1)).toBeLessThan(norm(0.01));
  });

  it("keeps the given label order, including a label with no rows", () => {
    const rows = clusters(9).map((r) => ({ ...r, label: r.label === "c0" ? "z" : r.label }));
    const m = fitLinear(rows, { solver: "lbfgs", labels: ["z", "c1", "c2", "unused"] });
    expect(m.labels).toEqual(["z", "c1", "c2", "unused"]);
    expect(m.weights).toHaveLength(4);
  });

  it("exports as an ONNX graph that onnxruntime-web evaluates as the fitted model does", async () => {
    const rows = clusters(10);
    for (const l2Normalise of [true, false]) {
      const model = fitLinear(rows, { solver: "lbfgs", l2: 0.1, l2Normalise });
      const bytes = linearHeadOnnx(model, { input: "features", output: "probs", graphName: "t", doc: "test", metadata: { labels: JSON.stringify(model.labels) } });
      expect(Array.from(linearHeadOnnx(model, { input: "features", output: "probs", graphName: "t", doc: "test", metadata: { labels: JSON.stringify(model.labels) } }))).toEqual(Array.from(bytes));
      const data = new Float32Array(rows.length * 64);
      rows.forEach((r, i) => data.set(r.descriptor as number[], i * 64));
      {
      const backend = createOrtWebNodeBackend();
        const session = await backend.createSession(bytes);
        const out = (await session.run({ features: { data, dims: [rows.length, 64] } })).probs;
        expect(out.dims).toEqual([rows.length, 3]);
        rows.forEach((r, i) => {
          const js = probabilitiesOf(model, r.descriptor);
          for (let k = 0; k < 3; k++) expect(Math.abs(out.data[i * 3 + k] - js[k])).toBeLessThan(2e-5);
        });
      }
    }
  });
});

describe("isotonic maps", () => {
  it("pools adjacent violators (L2 means, L1 medians) and interpolates between knots", () => {
    const samples = [1, 3, 2, 4, 3.5, 6].map((y, i) => ({ x: i, targets: [y] }));
    const l2 = isotonicFit(samples, "l2");
    expect(l2.y).toEqual([1, 2.5, 3.75, 6]);
    expect(l2.x).toEqual([0, 1.5, 3.5, 5]);
    for (let i = 1; i < l2.y.length; i++) expect(l2.y[i]).toBeGreaterThanOrEqual(l2.y[i - 1]);
    expect(applyMap(l2, 0.75)).toBeCloseTo(1.75, 10);
    expect(applyMap(l2, -10)).toBe(1);
    expect(applyMap(l2, 99)).toBe(6);
    const l1 = isotonicFit([{ x: 0, targets: [5] }, { x: 1, targets: [1] }, { x: 2, targets: [2] }], "l1");
    expect(l1.y).toEqual([2]); // the median of 5, 1, 2
  });

  it("with interval targets, settles each block at the median of the interval ends", () => {
    const m = isotonicFit([{ x: 1, targets: [0, 10] }, { x: 2, targets: [20, 29] }, { x: 3, targets: [20, 29] }], "l1");
    expect(applyMap(m, 1)).toBe(5);
    expect(applyMap(m, 2.5)).toBe(24.5);
  });

  it("fits a line", () => {
    const { a, b } = linearFit([0, 1, 2, 3].map((x) => ({ x, y: 3 + 2 * x })));
    expect(a).toBeCloseTo(3, 10);
    expect(b).toBeCloseTo(2, 10);
  });
});

describe("ridge", () => {
  it("recovers a linear function, and CV prefers a light penalty when there is no noise", () => {
    const r = seededRandom(3);
    const xs = Array.from({ length: 200 }, () => Array.from({ length: 8 }, () => gauss(r)));
    const ys = xs.map((x) => 10 + x.reduce((s, v, i) => s + (i + 1) * v, 0));
    const m = fitRidge(xs, ys, 1e-8);
    for (const x of xs.slice(0, 5)) expect(predictRidge(m, x)).toBeCloseTo(10 + x.reduce((s, v, i) => s + (i + 1) * v, 0), 4);
    const cv = crossValidateRidge(xs, ys, 5, [1e-6, 1]);
    expect(cv[0].mae).toBeLessThan(cv[1].mae);
  });
});

describe("MLP", () => {
  it("learns a boundary a linear model cannot (XOR of two signs), deterministically for a seed", () => {
    const r = seededRandom(5);
    const rows = Array.from({ length: 400 }, () => {
      const x = [gauss(r), gauss(r), gauss(r)];
      return { label: x[0] * x[1] > 0 ? "same" : "diff", descriptor: x };
    });
    const opts = { hidden: 16, l2: 1e-4, epochs: 60, batch: 32, learningRate: 0.01, l2Normalise: false, seed: 2 };
    const mlp = fitMlp(rows, opts);
    const acc = rows.filter((row) => mlp.labels[argmax(mlpProbabilities(mlp, row.descriptor))] === row.label).length / rows.length;
    expect(acc).toBeGreaterThan(0.85);
    const linear = fitLinear(rows, { solver: "lbfgs", l2: 1e-4, l2Normalise: false });
    const linAcc = rows.filter((row) => linear.labels[argmax(probabilitiesOf(linear, row.descriptor))] === row.label).length / rows.length;
    expect(linAcc).toBeLessThan(0.7);
    expect(fitMlp(rows, opts).w2).toEqual(mlp.w2);
  });
});
