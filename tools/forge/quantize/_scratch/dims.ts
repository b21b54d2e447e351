import { readFileSync } from "node:fs";
import { PhotonImage } from "@cf-wasm/photon";
for (let i = 1; i <= 6; i++) {
  const img = PhotonImage.new_from_byteslice(readFileSync(`node_modules/@vladmandic/face-api/demo/sample${i}.jpg`));
  console.log(i, img.get_width(), img.get_height());
  img.free();
}
