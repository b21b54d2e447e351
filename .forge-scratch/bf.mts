import * as ort from "onnxruntime-node";
import { convertModel } from "../tools/forge/convert/convert-model.ts";
import { PARITY_SPECS } from "../tools/forge/convert/parity/specs.ts";
import { decodeImageFile, cropResize, squareBox } from "../tools/forge/convert/parity/images.ts";
import { samplePath } from "../tools/forge/convert/parity/faces.ts";
for (const id of ["blazeface", "blazeface-front"] as const) {
  const spec = PARITY_SPECS[id];
  const img = decodeImageFile(samplePath(1));
  const rgb = cropResize(img, squareBox(img), spec.size);
  const feed = spec.feed(rgb);
  const s = await ort.InferenceSession.create((await convertModel(id)).bytes);
  const ours = (await s.run({ input: new ort.Tensor("float32", feed, [1, spec.size, spec.size, 3]) })).detections.data as Float32Array;
  const ref = (await spec.reference([rgb], [feed])).detections;
  let worst = 0, at = 0, maxAbsRef = 0; const colMax = new Array(17).fill(0), colRange = new Array(17).fill(0);
  for (let i = 0; i < ref.length; i++) { const d = Math.abs(ours[i] - ref[i]); colMax[i % 17] = Math.max(colMax[i % 17], d); colRange[i%17] = Math.max(colRange[i%17], Math.abs(ref[i])); if (d > worst) { worst = d; at = i; } maxAbsRef = Math.max(maxAbsRef, Math.abs(ref[i])); }
  console.log(id, "worst", worst, "row", Math.floor(at / 17), "col", at % 17, "ref", ref[at], "ours", ours[at], "max|ref|", maxAbsRef);
  console.log(" per-col maxdiff", colMax.map(v => v.toExponential(1)).join(" "));
  console.log(" per-col max|ref|", colRange.map(v => v.toFixed(0)).join(" "));
}
