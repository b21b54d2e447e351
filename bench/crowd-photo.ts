/**
 * A "crowd" photo for the load test: every face of the sample photos, cut
 * square around its detection and tiled in a grid (faces reused until there
 * are `want`), encoded as a baseline JPEG. One request with it makes the
 * pipeline run every task model on every face: the worst honest request.
 * Made at run time from the sample photos (nothing committed), with the same
 * detector the Worker uses, run in Node.
 */
import { decodeImage } from "../src/image/decode.ts";
import { FaceAnalysis } from "../src/pipeline/face-analysis.ts";
import { sampleCrop } from "../src/pipeline/crop.ts";
import { encodeJpeg } from "../tools/fixtures/jpeg-encode.ts";
import { createNodeBackend } from "../tools/runtime/node-backend.ts";
import { FileModels } from "../tools/runtime/file-models.ts";
import { loadPhotos, ROOT, SAMPLE_PHOTOS } from "./photos.ts";
import { join } from "node:path";
import { isMain } from "../tools/is-main.mjs";

const TILE = 192;

/** RGB (3 bytes a pixel) to the three full-size planes of a YCbCr JPEG (JFIF equations). */
function ycbcr(rgb: Uint8Array, width: number, height: number) {
  const n = width * height;
  const [y, cb, cr] = [0, 1, 2].map(() => new Uint8Array(n));
  const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  for (let i = 0; i < n; i++) {
    const r = rgb[i * 3], g = rgb[i * 3 + 1], b = rgb[i * 3 + 2];
    y[i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
    cb[i] = clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
    cr[i] = clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
  }
  return [
    { id: 1, h: 1, v: 1, samples: y, table: 0 as const },
    { id: 2, h: 1, v: 1, samples: cb, table: 1 as const },
    { id: 3, h: 1, v: 1, samples: cr, table: 1 as const },
  ];
}

export async function crowdPhoto(want = 25): Promise<{ bytes: Uint8Array<ArrayBuffer>; faces: number; width: number; height: number }> {
  const analysis = new FaceAnalysis(new FileModels(join(ROOT, "models"), await createNodeBackend()));
  const tiles: Uint8Array[] = [];
  for (const photo of loadPhotos(SAMPLE_PHOTOS)) {
    const { image } = await decodeImage(photo.bytes);
    for (const d of await analysis.detect(image)) {
      const side = 1.6 * Math.max(d.box.width, d.box.height);
      tiles.push(sampleCrop(image, { cx: d.box.x + d.box.width / 2, cy: d.box.y + d.box.height / 2, width: side, height: side, angle: 0 }, TILE, TILE));
    }
  }
  if (!tiles.length) throw new Error("no faces in the sample photos");
  const cols = Math.ceil(Math.sqrt(want));
  const rows = Math.ceil(want / cols);
  const width = cols * TILE, height = rows * TILE;
  const rgb = new Uint8Array(width * height * 3).fill(235);
  for (let t = 0; t < want; t++) {
    const tile = tiles[t % tiles.length];
    const ox = (t % cols) * TILE, oy = Math.floor(t / cols) * TILE;
    for (let y = 0; y < TILE; y++) rgb.set(tile.subarray(y * TILE * 3, (y + 1) * TILE * 3), ((oy + y) * width + ox) * 3);
  }
  const bytes = encodeJpeg({ width, height, planes: ycbcr(rgb, width, height), quality: 90 }) as Uint8Array<ArrayBuffer>;
  // What the Worker will find in it (the same detector and defaults, maxFaces lifted).
  const { image } = await decodeImage(bytes);
  const faces = (await analysis.detect(image)).length;
  return { bytes, faces, width, height };
}

if (isMain(import.meta.url)) {
  const want = Number(process.argv[2] ?? 25);
  const out = process.argv[3];
  const c = await crowdPhoto(want);
  console.log(`${c.width}x${c.height}, ${c.bytes.length} bytes, ${c.faces} faces detected (of ${want} tiles)`);
  if (out) (await import("node:fs")).writeFileSync(out, c.bytes);
}
