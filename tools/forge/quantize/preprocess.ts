import type { TensorData } from "../../../src/runtime/backend.ts";
import type { RgbaImage } from "../../../src/image/types.ts";
import { cropSquare, letterbox, resizeTo } from "./face-set.ts";

// Input feeds per model as ../shared/MODELS.md measured best (NHWC, batch 1).
export type ModelId = "faceres" | "gear" | "emotion" | "face_expression" | "blazeface" | "blazeface-front";

export const INPUT_SIZE: Record<ModelId, number> = { faceres: 224, gear: 198, emotion: 64, face_expression: 112, blazeface: 256, "blazeface-front": 128 };
export const isDetector = (id: ModelId) => id.startsWith("blazeface");

type PixelFn = (r: number, g: number, b: number) => number[];
const PIXEL: Record<ModelId, PixelFn> = {
  faceres: (r, g, b) => [b - 103.939, g - 116.779, r - 123.68], // BGR minus Caffe mean
  gear: (r, g, b) => [r / 255, g / 255, b / 255],
  emotion: (r, g, b) => [((0.2989 * r + 0.587 * g + 0.114 * b) / 255 - 0.5) * 2],
  face_expression: (r, g, b) => [(r - 122.782) / 255, (g - 117.001) / 255, (b - 104.298) / 255],
  blazeface: (r, g, b) => [r / 127.5 - 1, g / 127.5 - 1, b / 127.5 - 1],
  "blazeface-front": (r, g, b) => [r / 127.5 - 1, g / 127.5 - 1, b / 127.5 - 1],
};

function toTensor(img: RgbaImage, pixel: PixelFn): TensorData {
  const channels = pixel(0, 0, 0).length;
  const data = new Float32Array(img.width * img.height * channels);
  for (let i = 0, o = 0; i < img.width * img.height; i++) {
    for (const v of pixel(img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2])) data[o++] = v;
  }
  return { data, dims: [1, img.height, img.width, channels] };
}

/**
 * The model's input tensor for a face chip (classifiers: resized chip) or a
 * photo (detectors: letterboxed whole image). `onCanvas` puts a bare chip on a
 * canvas twice its size first, which the 256 detector needs to see the face.
 */
export function modelInput(id: ModelId, img: RgbaImage, onCanvas = false): TensorData {
  const size = INPUT_SIZE[id];
  if (isDetector(id)) {
    const src = onCanvas ? cropSquare(img, -Math.floor(img.width / 2), -Math.floor(img.height / 2), 2 * Math.max(img.width, img.height)) : img;
    return toTensor(letterbox(src, size), PIXEL[id]);
  }
  return toTensor(resizeTo(img, size, size), PIXEL[id]);
}
