import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeImage } from "../../src/image/decode.ts";
import type { RgbaImage } from "../../src/image/types.ts";
import { faceCropGeometry, sampleCrop, wholeImageGeometry } from "../../src/pipeline/crop.ts";
import { FaceAnalysis, type ModelProvider } from "../../src/pipeline/face-analysis.ts";
import { cropsToTensor } from "../../src/pipeline/tensor.ts";
import type { Detection, Point } from "../../src/pipeline/types.ts";
import type { TensorData } from "../../src/runtime/backend.ts";
import type { ImageModelEntry } from "../../src/runtime/manifest-schema.ts";

/**
 * Real photos that ship in the pinned npm packages: the forge calibrates
 * and checks int8 models on their faces (and mirror images), so that
 * `npm run models` reproduces the same bytes on any fresh clone.
 */
export const DEMO_DIR = "test/fixtures/demo";
export const DEMO_PHOTOS = ["sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"];

export function mirror(img: RgbaImage): RgbaImage {
  const { width: W, height: H } = img;
  const data = new Uint8Array(img.data.length);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) data.set(img.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4), (y * W + (W - 1 - x)) * 4);
  }
  return { width: W, height: H, data };
}

export interface PhotoSet {
  name: string;
  image: RgbaImage;
}

/** The demo photos and their mirror images, decoded by the product's decoder. */
export async function demoPhotos(dir = DEMO_DIR): Promise<PhotoSet[]> {
  const out: PhotoSet[] = [];
  for (const name of DEMO_PHOTOS) {
    const { image } = await decodeImage(new Uint8Array(readFileSync(join(dir, name))));
    out.push({ name, image }, { name: `${name}#mirror`, image: mirror(image) });
  }
  return out;
}

export interface FaceOnPhoto {
  photo: PhotoSet;
  face: Detection;
}

/** Every face the detector finds on the photos. */
export async function detectFaces(models: ModelProvider, photos: PhotoSet[], detectorId?: string): Promise<FaceOnPhoto[]> {
  const analysis = new FaceAnalysis(models);
  const out: FaceOnPhoto[] = [];
  for (const photo of photos) for (const face of await analysis.detect(photo.image, detectorId)) out.push({ photo, face });
  return out;
}

function eyes(face: Detection): [Point, Point] | undefined {
  const e = Object.entries(face.keypoints).filter(([k]) => k.includes("eye")).map(([, p]) => p);
  return e.length === 2 ? [e[0], e[1]] : undefined;
}

/** One input feed per face, cut and normalised the way `entry` expects. */
export function faceFeeds(entry: ImageModelEntry, faces: FaceOnPhoto[]): Record<string, TensorData>[] {
  return faces.map(({ photo, face }) => {
    const crop = sampleCrop(photo.image, faceCropGeometry(face, entry.crop, eyes(face)), entry.input.width, entry.input.height);
    return { [entry.input.name]: cropsToTensor([crop], entry.input) };
  });
}

/** One input feed per photo for a detector (whole image, letterboxed). */
export function photoFeeds(entry: ImageModelEntry, photos: PhotoSet[]): Record<string, TensorData>[] {
  return photos.map(({ image }) => {
    const pixels = sampleCrop(image, wholeImageGeometry(image, entry.crop.letterbox), entry.input.width, entry.input.height);
    return { [entry.input.name]: cropsToTensor([pixels], entry.input) };
  });
}
