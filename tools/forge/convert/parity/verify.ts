import * as ort from "onnxruntime-node";
import { convertModel } from "../convert-model.ts";
import { MODEL_IDS, type ModelId } from "../sources.ts";
import { SAMPLE_FACES, grow, samplePath } from "./faces.ts";
import { cropResize, decodeImageFile, squareBox } from "./images.ts";
import { maxAbsDiff, relToRange, minRowCosine } from "./metrics.ts";
import { PARITY_SPECS } from "./specs.ts";

export interface OutputParity {
  output: string;
  shape: number[];
  maxAbs: number;
  /** maxAbs / max |reference|. */
  relToRange: number;
  /** Smallest per-row cosine (reported for every output; meaningful for features). */
  cosineMin: number;
}

export interface ModelParity {
  id: ModelId;
  /** Faces in the batch, or photos run one by one. */
  cases: number;
  outputs: OutputParity[];
}

export interface ParityOptions {
  ids?: ModelId[];
  /** Demo photo numbers (1..6) to take faces / whole images from. */
  samples?: number[];
  /** Use at most this many faces (classifiers), in table order. */
  maxFaces?: number;
  /** Margin added around each detector box for face crops. */
  margin?: number;
  /** ONNX bytes per model; converted in memory when absent. */
  onnx?: Partial<Record<ModelId, Uint8Array>>;
}

async function runOnnx(bytes: Uint8Array, feeds: Float32Array[], dims: number[]): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const data = new Float32Array(feeds.reduce((a, f) => a + f.length, 0));
  let at = 0;
  for (const f of feeds) { data.set(f, at); at += f.length; }
  const res = await session.run({ input: new ort.Tensor("float32", data, dims) });
  const out: Record<string, { data: Float32Array; dims: number[] }> = {};
  for (const [k, t] of Object.entries(res)) out[k] = { data: t.data as Float32Array, dims: [...t.dims] };
  await session.release();
  return out;
}

/**
 * Run each original TF.js model (tfjs 4.22 cpu; face-api's own net for the
 * expression model) and its fp32 ONNX conversion (onnxruntime-node) on the
 * same tensors built from real photos, and measure the differences.
 */
export async function verifyParity(opts: ParityOptions = {}): Promise<ModelParity[]> {
  const ids = opts.ids ?? [...MODEL_IDS];
  const samples = opts.samples ?? [1, 2, 3, 4, 5, 6];
  const images = new Map(await Promise.all(samples.map(async (n) => [n, await decodeImageFile(samplePath(n))] as const)));
  const results: ModelParity[] = [];
  for (const id of ids) {
    const spec = PARITY_SPECS[id];
    const bytes = opts.onnx?.[id] ?? (await convertModel(id)).bytes;
    const crops = spec.inputs === "faces"
      ? samples.flatMap((n) => SAMPLE_FACES[n].map((b) => cropResize(images.get(n)!, grow(b, opts.margin ?? 0.2), spec.size))).slice(0, opts.maxFaces)
      : samples.map((n) => cropResize(images.get(n)!, squareBox(images.get(n)!), spec.size));
    const feeds = crops.map(spec.feed);
    // Faces go as one batch (exercises the symbolic batch); detectors take one photo per run.
    const groups = spec.inputs === "faces" ? [[0, crops.length]] : crops.map((_, i) => [i, i + 1]);
    const merged = new Map<string, { ours: Float32Array[]; ref: Float32Array[]; dims: number[] }>();
    for (const [a, b] of groups) {
      const ours = await runOnnx(bytes, feeds.slice(a, b), [b - a, spec.size, spec.size, spec.channels]);
      const ref = await spec.reference(crops.slice(a, b).map((c) => Float32Array.from(c)), feeds.slice(a, b));
      for (const [name, o] of Object.entries(ours)) {
        if (!ref[name]) throw new Error(`${id}: reference lacks output ${name}`);
        const m = merged.get(name) ?? { ours: [], ref: [], dims: o.dims };
        m.ours.push(o.data);
        m.ref.push(ref[name]);
        merged.set(name, m);
      }
    }
    const outputs: OutputParity[] = [];
    for (const [name, m] of merged) {
      const ours = Float32Array.from(m.ours.flatMap((x) => Array.from(x)));
      const ref = Float32Array.from(m.ref.flatMap((x) => Array.from(x)));
      const dim = m.dims[m.dims.length - 1];
      outputs.push({ output: name, shape: m.dims, maxAbs: maxAbsDiff(ours, ref), relToRange: relToRange(ours, ref), cosineMin: minRowCosine(ours, ref, dim) });
    }
    results.push({ id, cases: crops.length, outputs });
  }
  return results;
}
