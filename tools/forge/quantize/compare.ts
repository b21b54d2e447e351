import type { InferenceSession, TensorData } from "../../../src/runtime/backend.ts";
import { ageExpectation } from "../../../src/pipeline/age.ts";
import { argmax } from "../../../src/pipeline/outputs.ts";
import type { Feeds } from "./calibrate.ts";

/** Agreement of one output between a reference (fp32) and a candidate (int8) model over many feeds. */
export interface OutputComparison {
  name: string;
  samples: number;
  maxAbsDiff: number;
  meanAbsDiff: number;
  /** cosine of the flattened output vectors: mean and worst over samples */
  meanCosine: number;
  minCosine: number;
  /** share of samples whose argmax over the last axis agrees (per row), or null for a 1-wide output */
  argmaxAgreement: number | null;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa === 0 && bb === 0 ? 1 : ab / Math.sqrt(aa * bb || 1e-30);
}

/** Expectation of a probability vector over all its indices (faceres age: index = years; Eq. 1 with L = all). */
export const expectation = (p: ArrayLike<number>): number => ageExpectation(p, p.length).years;

function rowArgmaxAgreement(a: TensorData, b: TensorData): number {
  const width = a.dims[a.dims.length - 1] ?? 1;
  const rows = a.data.length / width;
  let same = 0;
  const row = (t: TensorData, r: number) => t.data.subarray(r * width, (r + 1) * width);
  for (let r = 0; r < rows; r++) if (argmax(row(a, r)) === argmax(row(b, r))) same++;
  return same / rows;
}

/** Run both sessions on every feed and compare each output of the reference. */
export async function compareOutputs(reference: InferenceSession, candidate: InferenceSession, inputs: Feeds[]): Promise<OutputComparison[]> {
  const stats = new Map<string, { max: number; absSum: number; count: number; cos: number[]; agree: number[] }>();
  for (const feeds of inputs) {
    const [ra, rb] = [await reference.run(feeds), await candidate.run(feeds)];
    for (const name of reference.outputNames) {
      const a = ra[name], b = rb[name];
      if (!b || a.data.length !== b.data.length) throw new Error(`output ${name} missing or reshaped in candidate`);
      const s = stats.get(name) ?? { max: 0, absSum: 0, count: 0, cos: [], agree: [] };
      for (let i = 0; i < a.data.length; i++) {
        const d = Math.abs(a.data[i] - b.data[i]);
        if (d > s.max) s.max = d;
        s.absSum += d;
      }
      s.count += a.data.length;
      s.cos.push(cosine(a.data, b.data));
      if ((a.dims[a.dims.length - 1] ?? 1) > 1) s.agree.push(rowArgmaxAgreement(a, b));
      stats.set(name, s);
    }
  }
  return [...stats].map(([name, s]) => ({
    name,
    samples: s.cos.length,
    maxAbsDiff: s.max,
    meanAbsDiff: s.absSum / Math.max(1, s.count),
    meanCosine: s.cos.reduce((x, y) => x + y, 0) / s.cos.length,
    minCosine: Math.min(...s.cos),
    argmaxAgreement: s.agree.length ? s.agree.reduce((x, y) => x + y, 0) / s.agree.length : null,
  }));
}
