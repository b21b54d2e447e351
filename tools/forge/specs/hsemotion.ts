import { EMOTIONS_8, type ModelSpec } from "./types.ts";

/**
 * The published HSEmotion ONNX models (Apache-2.0). They are not bundled:
 * a user downloads one, puts it in the models bucket under `file`, and the
 * registry serves it (../shared/PAPER.md has their signatures).
 */
const IMAGENET = { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

function hsemotion(id: string, size: number, norm: { scale: number; mean: number[]; std: number[] }, mtl: boolean, summary: string): ModelSpec {
  return {
    id,
    version: "hsemotion-0.3",
    kind: "face",
    tasks: ["emotion"],
    quantize: "weights",
    license: "Apache-2.0 (HSEmotion, github.com/HSE-asavchenko/face-emotion-recognition)",
    source: { package: "user-supplied", path: `${id}.onnx`, upstream: "HSEmotion (hsemotion-onnx)" },
    input: { name: "input", height: size, width: size, layout: "NCHW", colorOrder: "RGB", ...norm },
    // The paper's key finding: the face as the detector cuts it, no margin.
    crop: { kind: "face", scale: 1, square: false, align: true, shiftY: 0, letterbox: false },
    outputs: [
      { name: "output", role: "emotion", labels: EMOTIONS_8, activation: "softmax", slice: [0, 8] },
      ...(mtl
        ? [
            { name: "output", role: "valence" as const, activation: "none" as const, slice: [8, 9] as [number, number] },
            { name: "output", role: "arousal" as const, activation: "none" as const, slice: [9, 10] as [number, number] },
          ]
        : []),
    ],
    maxBatch: 2,
    card: {
      summary,
      trainedOn: "VGGFace2 identity pre-training, then AffectNet (8 classes, class-weighted softmax loss) per Savchenko 2021/2022.",
      intendedUse: "Recognising the facial expression shown in an image (an appearance), for aggregate analysis.",
      weaknesses: [
        "An expression is not an emotion; the model sees only the face's appearance.",
        "Not bundled: Faceflare has not measured this file itself; figures are the authors'.",
      ],
      metrics: [],
      parity: {},
    },
  };
}

export const hsemotionSpecs: ModelSpec[] = [
  hsemotion("enet_b0_8_best_afew", 224, IMAGENET, false, "EfficientNet-B0, 8 AffectNet emotions, the checkpoint best on AFEW video frames."),
  hsemotion("enet_b0_8_va_mtl", 224, IMAGENET, true, "EfficientNet-B0 multi-task: 8 AffectNet emotions plus valence and arousal."),
  hsemotion("mbf_va_mtl", 112, { scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }, true, "MobileFaceNet 112x112 multi-task: 8 emotions plus valence and arousal."),
];
