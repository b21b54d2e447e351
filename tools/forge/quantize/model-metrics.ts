import type { InferenceSession, TensorData } from "../../../src/runtime/backend.ts";
import type { Feeds } from "./calibrate.ts";
import { argmax } from "../../../src/pipeline/outputs.ts";
import { cosine, expectation } from "./compare.ts";
import { decodeDetections, type Detection } from "../convert/parity/blazeface-decode.ts";
import { iou } from "../../../src/pipeline/nms.ts";

/** Task-level fp32-vs-int8 agreement, keyed by metric name. */
export type Agreement = Record<string, number>;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Measures per output, chosen by the output's name and shape. */
function measure(name: string, a: TensorData, b: TensorData, acc: Map<string, number[]>, inputSize: number) {
  const push = (k: string, v: number) => acc.set(k, [...(acc.get(k) ?? []), v]);
  const width = a.dims[a.dims.length - 1] ?? 1;
  if (/gender/i.test(name) && a.data.length === 1) {
    push("gender agreement", Number(a.data[0] > 0.5 === b.data[0] > 0.5));
    push("gender |diff|", Math.abs(a.data[0] - b.data[0]));
  } else if (/age/i.test(name) && a.data.length === 100) {
    push("age |diff| years", Math.abs(expectation(a.data) - expectation(b.data)));
  } else if (/feature/i.test(name)) {
    push("features cosine", cosine(a.data, b.data));
  } else if (a.data.length === width && width > 1) {
    push(`${name} top-1 agreement`, Number(argmax(a.data) === argmax(b.data)));
  } else if (width === 17 && a.data.length > 17) {
    measureDetections(name, a.data, b.data, push);
    matchDetections(decodeDetections(a.data, inputSize), decodeDetections(b.data, inputSize), push);
  }
  let maxAbs = 0;
  for (let i = 0; i < a.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(a.data[i] - b.data[i]));
  push(`${name} max|diff|`, maxAbs);
}

/**
 * BlazeFace rows [score logit, cx, cy, w, h, 6 keypoints]: anchors whose decision
 * at p = 0.5 flips, whether the best anchor is the same, and the box drift in
 * input pixels on the anchors fp32 calls faces.
 */
function measureDetections(name: string, a: Float32Array, b: Float32Array, push: (k: string, v: number) => void) {
  const rows = a.length / 17;
  let flips = 0, bestA = 0, bestB = 0, boxDrift = 0;
  for (let r = 0; r < rows; r++) {
    const sa = a[r * 17], sb = b[r * 17];
    if (sa > 0 !== sb > 0) flips++;
    if (sa > a[bestA * 17]) bestA = r;
    if (sb > b[bestB * 17]) bestB = r;
    if (sa > 0) for (let c = 1; c < 5; c++) boxDrift = Math.max(boxDrift, Math.abs(a[r * 17 + c] - b[r * 17 + c]));
  }
  push(`${name} score flips`, flips);
  push(`${name} best-anchor agreement`, Number(bestA === bestB));
  push(`${name} best-score |diff|`, Math.abs(sigmoid(a[bestA * 17]) - sigmoid(b[bestB * 17])));
  push(`${name} box max|diff| px`, boxDrift);
}

/** Faces after decoding + NMS (score >= 0.5): fp32 faces found again by int8 (IoU >= 0.5), extras, IoU. */
function matchDetections(ref: Detection[], cand: Detection[], push: (k: string, v: number) => void) {
  let found = 0;
  for (const d of ref) {
    const best = Math.max(0, ...cand.map((c) => iou(d.box, c.box)));
    if (best >= 0.5) found++;
    if (best >= 0.5) push("face IoU fp32 vs int8", best);
  }
  push("faces fp32", ref.length);
  push("faces found by int8", found);
  push("faces extra in int8", Math.max(0, cand.length - found));
}

/** Mean of each task metric over the feeds (min for cosines, max for max-diffs, sum for flips). */
export async function taskAgreement(reference: InferenceSession, candidate: InferenceSession, inputs: Feeds[]): Promise<Agreement> {
  const acc = new Map<string, number[]>();
  for (const feeds of inputs) {
    const inputSize = Object.values(feeds)[0]?.dims[1] ?? 0;
    const [ra, rb] = [await reference.run(feeds), await candidate.run(feeds)];
    for (const name of reference.outputNames) measure(name, ra[name], rb[name], acc, inputSize);
  }
  const out: Agreement = {};
  for (const [k, v] of acc) {
    if (k.endsWith("max|diff|") || k.endsWith("max|diff| px")) out[k] = Math.max(...v);
    else if (k.endsWith("score flips") || k.startsWith("faces ")) out[k] = v.reduce((x, y) => x + y, 0);
    else out[k] = mean(v);
    if (k === "features cosine") out["features cosine min"] = Math.min(...v);
    if (k === "age |diff| years") out["age |diff| max"] = Math.max(...v);
    if (k === "face IoU fp32 vs int8") out["face IoU min"] = Math.min(...v);
  }
  return out;
}
