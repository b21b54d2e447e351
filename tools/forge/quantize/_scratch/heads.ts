import { loadModel, encodeModel } from "../../onnx/proto.ts";
import { quantizeModel } from "../quantize-model.ts";
import { nodeSession } from "../sessions.ts";
import { taskAgreement } from "../model-metrics.ts";
import { samplePhotos, utkChips } from "../face-set.ts";
import { modelInput } from "../preprocess.ts";
const id = process.argv[2] as "blazeface";
const m = loadModel(`/tmp/qfp32/${id}.onnx`);
const prod = new Map(m.graph!.node.flatMap((n) => n.output.map((o) => [o, n] as const)));
const heads: string[] = [];
for (const n of m.graph!.node.filter((n) => n.opType === "Reshape")) {
  let p = prod.get(n.input[0]);
  while (p && p.opType !== "Conv") p = prod.get(p.input[0]);
  if (p) heads.push(p.name || p.output[0]);
}
console.log("heads", heads);
const feeds = [...samplePhotos().filter((_, i) => i % 4 >= 2).map((f) => ({ input: modelInput(id, f.image) })), ...utkChips(64, 1).map((f) => ({ input: modelInput(id, f.image, true) }))];
const ref = await nodeSession(encodeModel(m));
for (const excludeNodes of [[], heads]) {
  const q = await quantizeModel(m, { mode: "weights", excludeNodes });
  const b = encodeModel(q);
  const a = await taskAgreement(ref, await nodeSession(b), feeds);
  console.log(excludeNodes.length, b.length, JSON.stringify(a));
}
