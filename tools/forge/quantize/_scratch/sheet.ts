import { writeFileSync } from "node:fs";
import { PhotonImage } from "@cf-wasm/photon";
import { sampleFaces, utkChips } from "../face-set.ts";
import { resizeTo as resizeBilinear } from "../face-set.ts";
const faces = [...sampleFaces().filter((f) => !f.id.includes("mirror")), ...utkChips(20, 0)];
const T = 96, cols = 7, rows = Math.ceil(faces.length / cols);
const px = new Uint8Array(cols * T * rows * T * 4);
faces.forEach((f, i) => {
  const r = resizeBilinear(f.image, T, T);
  const ox = (i % cols) * T, oy = Math.floor(i / cols) * T;
  for (let y = 0; y < T; y++) px.set(r.data.subarray(y * T * 4, (y + 1) * T * 4), ((oy + y) * cols * T + ox) * 4);
});
writeFileSync("tools/forge/quantize/_scratch/sheet.png", new PhotonImage(px, cols * T, rows * T).get_bytes());
console.log(faces.map((f) => f.id).join(" "));
