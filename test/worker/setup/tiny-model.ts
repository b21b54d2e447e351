import { createHash } from "node:crypto";
import { encodeModel, floatTensor, modelFromGraph, node, valueInfo } from "../../../tools/forge/onnx/proto.ts";
import type { ImageModelEntry, Manifest, ModelEntry } from "../../../src/runtime/manifest-schema.ts";

/**
 * A tiny face-classifier-shaped ONNX model for runtime plumbing tests:
 * image[1,3,8,8] -> Conv(4,3x3,pad 1) -> Relu -> GlobalAveragePool -> Flatten
 * -> "features"[1,4] -> Softmax -> "probs"[1,4]. Seeded random weights.
 */
export const TINY = { channels: 3, size: 8, classes: 4 } as const;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export interface TinyWeights {
  w: Float32Array; // [classes, channels, 3, 3]
  b: Float32Array; // [classes]
}

export function tinyWeights(seed = 7): TinyWeights {
  const r = prng(seed);
  const { channels, classes } = TINY;
  return {
    w: Float32Array.from({ length: classes * channels * 9 }, () => r()),
    b: Float32Array.from({ length: classes }, () => r() * 0.1),
  };
}

export function tinyModelBytes(weights = tinyWeights()): Uint8Array {
  const { channels, size, classes } = TINY;
  return encodeModel(
    modelFromGraph({
      name: "tiny",
      node: [
        node("Conv", ["image", "w", "b"], ["conv"], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
        node("Relu", ["conv"], ["relu"]),
        node("GlobalAveragePool", ["relu"], ["pool"]),
        node("Flatten", ["pool"], ["features"]),
        node("Softmax", ["features"], ["probs"], { axis: 1 }),
      ],
      initializer: [floatTensor("w", [classes, channels, 3, 3], weights.w), floatTensor("b", [classes], weights.b)],
      input: [valueInfo("image", [1, channels, size, size])],
      output: [valueInfo("features", [1, classes]), valueInfo("probs", [1, classes])],
    }),
  );
}

/** Hand-computed forward pass (the independent reference for the ORT backends). */
export function tinyForward(image: Float32Array, { w, b }: TinyWeights = tinyWeights()): { features: number[]; probs: number[] } {
  const { channels: C, size: S, classes: K } = TINY;
  const features: number[] = [];
  for (let k = 0; k < K; k++) {
    let sum = 0;
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++) {
        let acc = b[k];
        for (let c = 0; c < C; c++)
          for (let dy = -1; dy <= 1; dy++)
            for (let dx = -1; dx <= 1; dx++) {
              const yy = y + dy, xx = x + dx;
              if (yy < 0 || yy >= S || xx < 0 || xx >= S) continue;
              acc += w[((k * C + c) * 3 + dy + 1) * 3 + dx + 1] * image[(c * S + yy) * S + xx];
            }
        sum += Math.max(0, acc);
      }
    features.push(sum / (S * S));
  }
  const max = Math.max(...features);
  const e = features.map((f) => Math.exp(f - max));
  const z = e.reduce((a, v) => a + v, 0);
  return { features, probs: e.map((v) => v / z) };
}

/** A deterministic test image in [0,1]. */
export function tinyImage(): Float32Array {
  const { channels, size } = TINY;
  return Float32Array.from({ length: channels * size * size }, (_, i) => ((i * 37) % 101) / 100);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function tinyEntry(id: string, file: string, bytes: Uint8Array, overrides: Partial<ImageModelEntry> = {}): ImageModelEntry {
  return {
    id,
    version: "0.0.1-test",
    kind: "face",
    maxBatch: 8,
    tasks: ["emotion"],
    file,
    availability: "bundled",
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
    precision: "fp32",
    license: "MIT",
    source: { package: "faceflare-test", notes: "random weights, plumbing tests only" },
    input: { name: "image", height: 8, width: 8, layout: "NCHW", colorOrder: "RGB", scale: 1 / 255, mean: [0], std: [1] },
    crop: { kind: "face", scale: 1, square: true, align: false, shiftY: 0, letterbox: false },
    outputs: [
      { name: "probs", role: "emotion", labels: ["a", "b", "c", "d"], activation: "none" },
      { name: "features", role: "emotion_features", activation: "none" },
    ],
    card: { summary: "tiny test model", trainedOn: "nothing", intendedUse: "tests", weaknesses: [], metrics: [], parity: {} },
    ...overrides,
  };
}

export function tinyManifest(models: ModelEntry[]): Manifest {
  const first = models[0].id;
  return {
    schema: 1,
    defaults: { detector: first, emotion: first, age: first, gender: first, ethnicity: first, features: first },
    ageTopL: 3,
    models,
    calibrations: [],
  };
}
