import type { onnx } from "onnx-proto";
import { encodeModel, onnx as onnxNs, DataType } from "../onnx/proto.ts";
import type { TensorData } from "../../../src/runtime/backend.ts";
import { nodeSession } from "./sessions.ts";

export type Feeds = Record<string, TensorData>;
export interface Range { min: number; max: number }
/** "minmax" keeps the full observed range; a percentile clips rare outliers (e.g. 99.99). */
export type CalibrationMethod = "minmax" | { percentile: number };

/** The model with the named intermediate tensors exposed as extra float outputs. */
function exposeTensors(model: onnx.IModelProto, names: string[]): Uint8Array {
  const copy = onnxNs.ModelProto.decode(encodeModel(model));
  const outputs = (copy.graph as onnx.GraphProto).output;
  const existing = new Set(outputs.map((o) => o.name));
  for (const name of names) {
    if (!existing.has(name)) outputs.push({ name, type: { tensorType: { elemType: DataType.FLOAT } } });
  }
  return encodeModel(copy);
}

const BINS = 4096;

/**
 * Ranges of the named float tensors over the calibration feeds, observed by
 * running the fp32 model in onnxruntime-node (one thread, deterministic).
 */
export async function calibrateRanges(model: onnx.IModelProto, names: string[], samples: Feeds[], method: CalibrationMethod = "minmax"): Promise<Map<string, Range>> {
  if (!samples.length) throw new Error("static quantization needs at least one calibration sample");
  const session = await nodeSession(exposeTensors(model, names));
  // Graph inputs are read from the feeds; everything else from the exposed outputs.
  const computed = names.filter((n) => !(n in samples[0]));
  const fetch = async (feeds: Feeds) => ({ ...(await session.run(feeds, computed)), ...feeds });
  const ranges = new Map<string, Range>(names.map((n) => [n, { min: Infinity, max: -Infinity }]));
  for (const feeds of samples) {
    const out = await fetch(feeds);
    for (const name of names) {
      const r = ranges.get(name)!;
      for (const v of out[name].data) {
        if (v < r.min) r.min = v;
        if (v > r.max) r.max = v;
      }
    }
  }
  if (method !== "minmax") {
    // Second pass: histogram over [min, max], then clip both tails at the percentile.
    const hist = new Map(names.map((n) => [n, new Float64Array(BINS)]));
    for (const feeds of samples) {
      const out = await fetch(feeds);
      for (const name of names) {
        const { min, max } = ranges.get(name)!;
        const h = hist.get(name)!;
        const width = (max - min) / BINS || 1;
        for (const v of out[name].data) h[Math.min(BINS - 1, Math.floor((v - min) / width))]++;
      }
    }
    for (const name of names) ranges.set(name, clipRange(ranges.get(name)!, hist.get(name)!, method.percentile));
  }
  await session.release?.();
  return ranges;
}

function clipRange(r: Range, h: Float64Array, percentile: number): Range {
  const total = h.reduce((a, b) => a + b, 0);
  const tail = (total * (100 - percentile)) / 100;
  const width = (r.max - r.min) / BINS;
  let lo = 0, hi = BINS - 1, acc = 0;
  for (; lo < BINS - 1 && acc + h[lo] <= tail; lo++) acc += h[lo];
  acc = 0;
  for (; hi > 0 && acc + h[hi] <= tail; hi--) acc += h[hi];
  return { min: r.min + lo * width, max: r.min + (hi + 1) * width };
}
