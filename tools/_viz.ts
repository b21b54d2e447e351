import { readFileSync, writeFileSync } from "node:fs";
import { PhotonImage, resize, SamplingFilter } from "@cf-wasm/photon";
import { decodeImage } from "../src/image/decode.ts";
import { FaceAnalysis } from "../src/pipeline/face-analysis.ts";
import { createOrtNodeBackend } from "./runtime/ort-node.ts";
import { FileModels } from "./runtime/file-models.ts";
const models = new FileModels(process.argv[4] ?? "/tmp/models-try", createOrtNodeBackend());
const d = await decodeImage(new Uint8Array(readFileSync(process.argv[2])));
const r = await new FaceAnalysis(models).analyze(d.image, { tasks: ["emotion","age","gender","landmarks"], maxFaces: 50, minFaceSize: 10 });
const img = d.image; const W = img.width; const data = new Uint8Array(img.data);
const put = (x: number, y: number, c: number[]) => { x = Math.round(x); y = Math.round(y); if (x < 0 || y < 0 || x >= W || y >= img.height) return; data.set(c, (y * W + x) * 4); };
for (const f of r.faces) {
  for (let t = 0; t < 3; t++) {
    for (let x = f.box.x; x < f.box.x + f.box.width; x++) { put(x, f.box.y + t, [0,255,0,255]); put(x, f.box.y + f.box.height - t, [0,255,0,255]); }
    for (let y = f.box.y; y < f.box.y + f.box.height; y++) { put(f.box.x + t, y, [0,255,0,255]); put(f.box.x + f.box.width - t, y, [0,255,0,255]); }
  }
  for (const [k, p] of Object.entries(f.keypoints)) for (let dx = -4; dx <= 4; dx++) for (let dy = -4; dy <= 4; dy++) put(p[0] + dx, p[1] + dy, k.includes("right") ? [255,0,0,255] : k.includes("left") ? [0,0,255,255] : [255,255,0,255]);
  console.log(Math.round(f.box.x), Math.round(f.box.y), Math.round(f.box.width), f.score.toFixed(2), f.emotion?.labels[f.emotion.probs.indexOf(Math.max(...f.emotion.probs))], f.age?.years.toFixed(1), f.gender?.label, f.gender?.probability.toFixed(2));
}
console.log(r.timings);
const p = new PhotonImage(data, W, img.height);
const s = resize(p, 960, Math.round(img.height * 960 / W), SamplingFilter.Triangle);
writeFileSync(process.argv[3], s.get_bytes());
