import type { ModelEntry } from "../../src/runtime/manifest-schema.ts";
import type { CvRow } from "./ethnicity-head.ts";
import type { EthnicityReport } from "./ethnicity-report.ts";
import { ETHNICITY_5 } from "./datasets.ts";

type Metric = ModelEntry["card"]["metrics"][number];

/** Where a head's training data comes from, and what that means for shipping it. */
export interface TrainingSource {
  kind: "fairface" | "utkface";
  license: string;
  trainedOn: string;
  /** Shipping restriction stated first in the card, if any. */
  restriction?: string;
}

export const FAIRFACE_SOURCE: TrainingSource = {
  kind: "fairface",
  license: "CC BY 4.0 (weights learnt from FairFace: Kärkkäinen and Joo, WACV 2021); runs on faceres (MIT)",
  trainedOn:
    "FairFace (Kärkkäinen and Joo, \"FairFace: Face Attribute Dataset for Balanced Race, Gender, and Age for Bias Measurement and Mitigation\", WACV 2021, " +
    "https://github.com/joojs/fairface, CC BY 4.0): 7,000 training images, 1,000 per race class, each run through Faceflare's own pipeline " +
    "(BlazeFace, eye alignment, faceres's tight crop, int8 faceres) for its 1024-d identity features. Class mapping onto the paper's 5 classes: " +
    "White → white, Black → black, East Asian and Southeast Asian → asian, Indian → indian, Latino_Hispanic and Middle Eastern → other.",
};

export const UTKFACE_SOURCE: TrainingSource = {
  kind: "utkface",
  license: "NON-COMMERCIAL RESEARCH USE ONLY (weights learnt from UTKFace, Zhang, Song and Qi, CVPR 2017); runs on faceres (MIT)",
  trainedOn:
    "UTKFace (Zhang, Song and Qi, CVPR 2017, https://susanqq.github.io/UTKFace/), 6,005 aligned & cropped chips disjoint from the dev set, " +
    "through Faceflare's own pipeline. UTKFace is licensed for non-commercial research only, and so is this head.",
  restriction: "Non-commercial research use only (trained on UTKFace); never a default.",
};

export interface EntryFacts {
  id: string;
  file: string;
  sha256: string;
  bytes: number;
  labels: string[];
  source: TrainingSource;
  command: string;
  cv: CvRow;
  folds: number;
  trainFaces: number;
  trainImages: number;
  dev: EthnicityReport[];
  gear: EthnicityReport[];
  /** The head's accuracy through the pipeline on dev faces aged 0-12 and 21+. */
  ageSplit?: { children: { n: number; accuracy: number }; adults: { n: number; accuracy: number } };
  measuredAt: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * A draft manifest entry for a head on faceres's identity features. The
 * current schema has no head kind: phase 2 adds `kind: "head"` with
 * `backbone` (which model's output feeds it) and a feature `input`.
 */
export function ethnicityHeadEntry(f: EntryFacts) {
  const metrics: Metric[] = [];
  const add = (name: string, value: number, dataset: string, n: number) =>
    metrics.push({ name, value: Math.round(value * 10000) / 10000, unit: "fraction", dataset, n, command: f.command, measuredAt: f.measuredAt });
  const trainName = f.source.kind === "fairface" ? "FairFace train subset (../shared/train/fairface-train)" : "UTKFace train (../shared/train/utkface-train)";
  add(`${f.folds}-fold CV accuracy (${f.labels.length} classes)`, f.cv.accuracy, trainName, f.trainFaces);
  add(`${f.folds}-fold CV balanced accuracy (${f.labels.length} classes)`, f.cv.balancedAccuracy, trainName, f.trainFaces);
  for (const r of f.dev) {
    const ds = `UTKFace dev (../shared/eval/utkface-dev), ${r.framing === "whole" ? "whole chip" : "through the pipeline"}${f.labels.length === 7 ? ", 7 classes summed onto 5" : ""}`;
    add("ethnicity accuracy", r.accuracy, ds, r.found);
    add("ethnicity balanced accuracy", r.balancedAccuracy, ds, r.found);
    for (const l of ETHNICITY_5) add(`recall ${l}`, r.recall[l], ds, r.confusion[ETHNICITY_5.indexOf(l)].reduce((a, b) => a + b, 0));
  }
  const pipe = f.dev.find((r) => r.framing === "pipeline");
  const gearPipe = f.gear.find((r) => r.framing === "pipeline");
  const weaknesses = [
    ...(f.source.restriction ? [f.source.restriction] : []),
    "Ethnicity is a coarse label of apparent appearance, not a person's ethnic identity or ancestry; do not use it to make decisions about people.",
    "Cross-dataset figures: trained on one dataset's labels and measured on another's. FairFace's \"other\" (Latino_Hispanic, Middle Eastern) and UTKFace's \"Others\" (Hispanic, Latino, Middle Eastern and more) are defined differently, and where one set draws the line between white, indian and other is not where the other does; most errors are white ↔ other and indian ↔ other.",
    f.ageSplit
      ? `Children are harder: the features come from an identity network trained on adults. Through the pipeline on the dev set: ${pct(f.ageSplit.children.accuracy)} on the ${f.ageSplit.children.n} faces aged 0-12, ${pct(f.ageSplit.adults.accuracy)} on the ${f.ageSplit.adults.n} aged 21 and over.`
      : "Children are harder: the features come from an identity network trained on adults.",
    "Weaker than the paper's head (87.6% on UTKFace, trained and tested on UTKFace).",
  ];
  return {
    id: f.id,
    version: "1.0.0",
    kind: "head",
    backbone: { model: "faceres", output: "identity_features" },
    tasks: ["ethnicity"],
    file: f.file,
    availability: "bundled",
    sha256: f.sha256,
    bytes: f.bytes,
    precision: "fp32",
    license: f.source.license,
    source: {
      package: "faceflare",
      path: `models/${f.file}`,
      upstream: f.source.kind === "fairface" ? "FairFace (github.com/joojs/fairface), CC BY 4.0" : "UTKFace (susanqq.github.io/UTKFace), non-commercial",
      notes: `Trained by \`${f.command}\`: L2-normalised, standardised features, class-balanced multinomial logistic regression (L-BFGS to the optimum), L2 penalty ${f.cv.l2} chosen by ${f.folds}-fold CV; normalisation and softmax inside the graph.`,
    },
    input: { name: "features", dims: [1024] },
    outputs: [{ name: "ethnicity", role: "ethnicity", labels: f.labels, activation: "none" }],
    maxBatch: 64,
    card: {
      summary: `A linear softmax head over faceres's 1024-d identity features (${f.labels.length} classes), as the paper puts ethnicity on the backbone: one CNN per face answers age, gender and ethnicity.`,
      trainedOn: f.source.trainedOn + ` ${f.trainFaces} of ${f.trainImages} images had a face found and were used.`,
      intendedUse: "Aggregate, consented demographic statistics of apparent appearance; not for decisions about individuals.",
      weaknesses,
      metrics,
      parity: {},
      paperComparison:
        pipe && gearPipe
          ? `The paper's FC head on MobileNet features reaches 87.6% on UTKFace (trained on UTKFace). This head, trained on FairFace only, reaches ${pct(pipe.accuracy)} (balanced ${pct(pipe.balancedAccuracy)}) through the pipeline on the 932 faces of the dev set, against ${pct(gearPipe.accuracy)} (balanced ${pct(gearPipe.balancedAccuracy)}) for gear, the separate CNN it replaces.`
          : undefined,
    },
  };
}
