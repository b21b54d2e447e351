import type { TensorData } from "../runtime/backend.ts";
import type { OutputSpec } from "../runtime/manifest-schema.ts";

/** Row `n` of an output (after its slice), with the manifest's activation applied. */
export function outputRow(outputs: Record<string, TensorData>, spec: OutputSpec, n: number): Float32Array {
  const t = outputs[spec.name];
  if (!t) throw new Error(`model output ${spec.name} missing`);
  const width = t.data.length / t.dims[0];
  const [start, end] = spec.slice ?? [0, width];
  const row = t.data.slice(n * width + start, n * width + end);
  return activate(row, spec.activation);
}

export function activate(v: Float32Array, activation: OutputSpec["activation"]): Float32Array {
  switch (activation) {
    case "softmax": {
      let max = -Infinity;
      for (const x of v) max = Math.max(max, x);
      let sum = 0;
      const out = v.map((x) => {
        const e = Math.exp(x - max);
        sum += e;
        return e;
      });
      return out.map((x) => x / sum);
    }
    case "sigmoid":
      return v.map((x) => 1 / (1 + Math.exp(-x)));
    case "tanh":
      return v.map((x) => Math.tanh(x));
    default:
      return v;
  }
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}
