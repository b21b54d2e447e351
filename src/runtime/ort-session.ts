import type { InferenceSession, TensorData } from "./backend.ts";

/**
 * The part of an onnxruntime (web or node) session we use. Both packages share
 * onnxruntime-common's API, so one adapter serves both backends.
 */
export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, never>, fetches: readonly string[]): Promise<Record<string, unknown>>;
  release(): Promise<void>;
}
export type MakeFloatTensor = (data: Float32Array, dims: readonly number[]) => unknown;

/** Output tensors as Float32Array (int64/uint8/... outputs are converted). */
function toFloat32(t: OrtTensorLike): Float32Array {
  const d = t.data;
  if (d instanceof Float32Array) return d;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) return Float32Array.from(d, (v) => Number(v));
  if (ArrayBuffer.isView(d)) return Float32Array.from(d as unknown as ArrayLike<number>);
  throw new Error(`output of type ${t.type} cannot be read as numbers`);
}

export class OrtSession implements InferenceSession {
  constructor(
    private readonly session: OrtSessionLike,
    private readonly makeTensor: MakeFloatTensor,
    /**
     * Fetch every output and pick the requested ones: onnxruntime-node 1.23
     * labels a subset fetch with the first output names (["probs"] comes
     * back keyed "features"), so it must not be asked for a subset.
     */
    private readonly fetchAll = false,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, TensorData>, outputs?: readonly string[]): Promise<Record<string, TensorData>> {
    const ortFeeds: Record<string, never> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = this.makeTensor(t.data, t.dims) as never;
    const wanted = outputs ?? this.session.outputNames;
    const result = await this.session.run(ortFeeds, this.fetchAll ? this.session.outputNames : wanted);
    const out: Record<string, TensorData> = {};
    for (const name of wanted) {
      const t = result[name] as OrtTensorLike | undefined;
      if (!t) throw new Error(`model has no output "${name}" (outputs: ${this.session.outputNames.join(", ")})`);
      out[name] = { data: toFloat32(t), dims: [...t.dims] };
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
