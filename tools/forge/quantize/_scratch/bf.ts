import * as ort from "onnxruntime-node";
import { readFileSync } from "node:fs";
import { samplePhotos, utkChips } from "../face-set.ts";
import { modelInput } from "../preprocess.ts";
const id = (process.argv[2] ?? "blazeface") as "blazeface";
const feeds = [...samplePhotos().map((f) => modelInput(id, f.image)), ...utkChips(10, 1).map((f) => modelInput(id, f.image, true))];
async function sess(path: string, opt: "disabled" | "all") {
  return ort.InferenceSession.create(readFileSync(path), { intraOpNumThreads: 1, graphOptimizationLevel: opt });
}
const ref = await sess(`/tmp/qfp32/${id}.onnx`, "all");
for (const [mode, opt] of [["weights", "all"], ["static", "all"], ["static", "disabled"]] as const) {
  const s = await sess(`/tmp/qint8/${id}.int8-${mode}.onnx`, opt);
  let flips = 0, maxScoreDiff = 0, maxFaceLogitDiff = 0;
  for (const f of feeds) {
    const t = new ort.Tensor("float32", f.data, f.dims);
    const a = (await ref.run({ input: t })).detections.data as Float32Array;
    const b = (await s.run({ input: t })).detections.data as Float32Array;
    for (let r = 0; r < 896; r++) {
      if (a[r * 17] > 0 !== b[r * 17] > 0) flips++;
      maxScoreDiff = Math.max(maxScoreDiff, Math.abs(1 / (1 + Math.exp(-a[r * 17])) - 1 / (1 + Math.exp(-b[r * 17]))));
      if (a[r * 17] > 0) maxFaceLogitDiff = Math.max(maxFaceLogitDiff, Math.abs(a[r * 17] - b[r * 17]));
    }
  }
  console.log(mode, opt, { flips, maxScoreDiff, maxFaceLogitDiff });
}
// logit distribution of fp32
const t = new ort.Tensor("float32", feeds[0].data, feeds[0].dims);
const a = (await ref.run({ input: t })).detections.data as Float32Array;
const logits = Array.from({ length: 896 }, (_, r) => a[r * 17]).sort((x, y) => y - x);
console.log("top logits", logits.slice(0, 10).map((x) => x.toFixed(2)).join(" "), "min", logits[895]);
