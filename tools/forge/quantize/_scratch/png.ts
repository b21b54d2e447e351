import { readFileSync, writeFileSync } from "node:fs";
import { PhotonImage, resize, SamplingFilter } from "@cf-wasm/photon";
for (let i = 1; i <= 6; i++) {
  const img = PhotonImage.new_from_byteslice(readFileSync(`node_modules/@vladmandic/face-api/demo/sample${i}.jpg`));
  const w = img.get_width(), h = img.get_height();
  const small = resize(img, 960, Math.round((h * 960) / w), SamplingFilter.Triangle);
  // draw grid lines every 100 px (original coordinates = 2x)
  const px = small.get_raw_pixels();
  const W = small.get_width(), H = small.get_height();
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (x % 50 === 0 || y % 50 === 0) { const o = (y * W + x) * 4; px[o] = 255; px[o + 1] = 0; px[o + 2] = 255; }
  const g = new PhotonImage(px, W, H);
  writeFileSync(`tools/forge/quantize/_scratch/s${i}.png`, g.get_bytes());
}
