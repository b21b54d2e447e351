import { PhotonImage } from "@cf-wasm/photon/node";
import { writeFileSync } from "node:fs";
import { decodeImageFile, cropResize } from "../tools/forge/convert/parity/images.ts";
const boxes: [number, number, number, number, number][] = [[1,417,404,199,199],[1,1496,271,143,143],[4,675,125,168,168],[6,227,530,235,235]];
const tiles: Float32Array[] = [];
for (const [s,x,y,w,h] of boxes) {
  const img = decodeImageFile(`node_modules/@vladmandic/face-api/demo/sample${s}.jpg`);
  const m = 0.2; tiles.push(cropResize(img, { x: x - w*m, y: y - h*m, w: w*(1+2*m), h: h*(1+2*m) }, 128));
}
const W = 128 * tiles.length, out = new Uint8Array(W * 128 * 4);
tiles.forEach((t, k) => { for (let y = 0; y < 128; y++) for (let x = 0; x < 128; x++) { for (let c = 0; c < 3; c++) out[(y*W + k*128 + x)*4+c] = t[(y*128+x)*3+c]; out[(y*W+k*128+x)*4+3]=255; } });
writeFileSync("/tmp/crops.png", new PhotonImage(out, W, 128).get_bytes());
