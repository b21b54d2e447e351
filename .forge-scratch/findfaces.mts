import * as ort from "onnxruntime-node";
import { decodeImageFile, cropResize, squareBox } from "/work/main/tools/forge/convert/parity/images.ts";
import { blazefaceFeed } from "/work/main/tools/forge/convert/parity/preprocess.ts";
import { decodeDetections } from "/work/main/tools/forge/convert/parity/blazeface-decode.ts";
const sess = await ort.InferenceSession.create("/tmp/fp32/blazeface.onnx");
for (let i = 1; i <= 6; i++) {
  const img = decodeImageFile(`/work/main/node_modules/@vladmandic/face-api/demo/sample${i}.jpg`);
  const sq = squareBox(img);
  const feed = blazefaceFeed(cropResize(img, sq, 256));
  const r = await sess.run({ input: new ort.Tensor("float32", feed, [1, 256, 256, 3]) });
  const dets = decodeDetections(r.detections.data as Float32Array, 256, 0.5);
  const k = sq.w / 256;
  console.log(`sample${i} ${img.width}x${img.height}`, dets.map(d => `row${d.row} s=${d.score.toFixed(2)} box=[${Math.round(sq.x + d.x1 * k)},${Math.round(sq.y + d.y1 * k)},${Math.round((d.x2 - d.x1) * k)},${Math.round((d.y2 - d.y1) * k)}]`).join(" | "));
}
