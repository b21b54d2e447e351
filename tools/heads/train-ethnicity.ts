import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, relative } from "node:path";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { crossValidateWith, probabilitiesOf } from "../learn/linear-model.ts";
import { fitMlp, mlpProbabilities, type MlpOptions } from "../learn/mlp.ts";
import { argmax } from "../../src/pipeline/outputs.ts";
import { featuresFor, type DatasetKind } from "./extract-features.ts";
import { ethnicityHeadEntry, FAIRFACE_SOURCE, UTKFACE_SOURCE, type EntryFacts } from "./ethnicity-entry.ts";
import { headRows, labelsFor, sevenToFive, trainHead, type HeadTrainConfig } from "./ethnicity-head.ts";
import { accuracyAtAges, ethnicityReport, formatEthnicityByAge, formatEthnicityReports, gearScorer, type EthnicityReport, type EthnicityScorer } from "./ethnicity-report.ts";
import { linearHeadOnnx } from "./head-onnx.ts";
import { runHeadOnCache } from "./run-head.ts";
import { column } from "./feature-cache.ts";

export interface EthnicityRequest extends HeadTrainConfig {
  train: { dataset: DatasetKind; dir: string };
  id: string;
  out: string;
  /** UTKFace dev folder: measure the head and gear on it (pipeline and whole chip). */
  dev?: string;
  /** Where to write the draft manifest entry (needs dev). */
  entry?: string;
  /** Also cross-validate and measure a small MLP (not exported). */
  compareMlp?: boolean;
  models: string;
  cache: string;
  command: string;
}

export interface EthnicityResult {
  id: string;
  out: string;
  sha256: string;
  bytes: number;
  cv: ReturnType<typeof trainHead>["cv"];
  chosen: ReturnType<typeof trainHead>["chosen"];
  onnxVsJs: { maxAbsDiff: number; argmaxAgreement: number };
  dev: EthnicityReport[];
  gear: EthnicityReport[];
  mlp?: { options: Partial<MlpOptions>; accuracy: number; balancedAccuracy: number; perFold: number[]; dev: EthnicityReport[] };
}

/** The MLP compared with the linear head (one configuration, fixed beforehand). */
export const COMPARED_MLP: Partial<MlpOptions> = { hidden: 64, l2: 0.1, epochs: 20, batch: 128, learningRate: 1e-3, seed: 1 };

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export async function trainEthnicity(req: EthnicityRequest, log: (line: string) => void): Promise<EthnicityResult> {
  const source = req.train.dataset === "fairface" ? FAIRFACE_SOURCE : UTKFACE_SOURCE;
  const train = await featuresFor({ dataset: req.train.dataset, dir: req.train.dir, framing: "pipeline", models: req.models, cache: req.cache, log });
  const rows = headRows(train, req.classes);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  log(`\n## ${req.id}: ${rows.length} faces of ${train.images.length} images (${[...counts].map(([l, c]) => `${l} ${c}`).join(", ")})`);
  const { cv, chosen, model } = trainHead(rows, req, log);

  const labels = labelsFor(req.classes);
  const bytes = linearHeadOnnx(model, {
    input: "features",
    output: "ethnicity",
    graphName: req.id,
    doc: `Ethnicity head (${labels.length} classes) on faceres identity features. ${source.license}.`,
    metadata: {
      labels: JSON.stringify(labels),
      backbone: "faceres:identity_features",
      license: source.license,
      training: `${req.train.dataset} (${rows.length} faces), L2 penalty ${chosen.l2}, ${req.folds}-fold CV accuracy ${chosen.accuracy.toFixed(4)}, balanced ${chosen.balancedAccuracy.toFixed(4)}`,
    },
  });
  mkdirSync(dirname(req.out), { recursive: true });
  writeFileSync(req.out, bytes);
  const hash = sha256(bytes);
  log(`wrote ${req.out}: ${bytes.byteLength} bytes, sha256 ${hash}`);

  // The graph must compute what the fitted model computes.
  const session = await createOrtNodeBackend().createSession(bytes);
  const onnx = await runHeadOnCache(session, train);
  let maxAbsDiff = 0;
  let agree = 0;
  train.images.filter((im) => im.row >= 0).forEach((im, i) => {
    const js = probabilitiesOf(model, rows[i].descriptor);
    for (let k = 0; k < js.length; k++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(js[k] - onnx[im.row][k]));
    if (argmax(js) === argmax(onnx[im.row])) agree++;
  });
  const onnxVsJs = { maxAbsDiff, argmaxAgreement: agree / rows.length };
  log(`ONNX (float32) vs the fitted model (float64) on the ${rows.length} training faces: max |Δp| ${maxAbsDiff.toExponential(2)}, top-1 agreement ${(100 * onnxVsJs.argmaxAgreement).toFixed(2)}%`);

  let mlp: EthnicityResult["mlp"];
  if (req.compareMlp) {
    const options = { ...COMPARED_MLP, l2Normalise: req.l2Normalise, labels };
    const cvm = crossValidateWith(rows, req.folds, labels, (tr) => {
      const m = fitMlp(tr, options);
      return (row) => labels[argmax(mlpProbabilities(m, row.descriptor))];
    });
    log(`MLP ${JSON.stringify(COMPARED_MLP)}: ${req.folds}-fold CV accuracy ${(100 * cvm.accuracy).toFixed(2)}%, balanced ${(100 * cvm.balancedAccuracy).toFixed(2)}% (folds ${cvm.perFold.map((a) => (100 * a).toFixed(1)).join(", ")})`);
    mlp = { options: COMPARED_MLP, accuracy: cvm.accuracy, balancedAccuracy: cvm.balancedAccuracy, perFold: cvm.perFold, dev: [] };
  }
  const mlpModel = mlp ? fitMlp(rows, { ...COMPARED_MLP, l2Normalise: req.l2Normalise, labels }) : undefined;

  const dev: EthnicityReport[] = [];
  const gear: EthnicityReport[] = [];
  const byAge: string[] = [];
  let ageSplit: EntryFacts["ageSplit"];
  if (req.dev) {
    for (const framing of ["pipeline", "whole"] as const) {
      const cache = await featuresFor({ dataset: "utkface", dir: req.dev, framing, gear: true, models: req.models, cache: req.cache, log });
      const out = await runHeadOnCache(session, cache);
      const head: EthnicityScorer = (im) => (req.classes === 7 ? sevenToFive(out[im.row]) : out[im.row]);
      gear.push(ethnicityReport("gear", cache, gearScorer(cache)));
      dev.push(ethnicityReport(req.id, cache, head));
      byAge.push(formatEthnicityByAge(cache, [["gear", gearScorer(cache)], [req.id, head]]));
      if (framing === "pipeline") ageSplit = { children: accuracyAtAges(cache, head, 0, 12), adults: accuracyAtAges(cache, head, 21, 200) };
      if (mlp && mlpModel) {
        const p = (im: Parameters<typeof column>[1]) => mlpProbabilities(mlpModel, column(cache, im, "features"));
        mlp.dev.push(ethnicityReport(`MLP (compared, not shipped)`, cache, (im) => (req.classes === 7 ? sevenToFive(p(im)) : p(im))));
      }
    }
    log(`\n### UTKFace dev (${basename(req.dev)}): ${req.id} beside gear\n`);
    log(formatEthnicityReports([...gear, ...dev, ...(mlp?.dev ?? [])].sort((a, b) => (a.framing === b.framing ? 0 : a.framing === "pipeline" ? -1 : 1))));
    for (const table of byAge) log(`\n${table}`);
    if (req.entry) {
      const entry = ethnicityHeadEntry({
        id: req.id,
        // The manifest's `file` is a key relative to models/ (heads live in models/heads/).
        file: relative(req.models, req.out).startsWith("..") ? basename(req.out) : relative(req.models, req.out),
        sha256: hash,
        bytes: bytes.byteLength,
        labels,
        source,
        command: req.command,
        cv: chosen,
        folds: req.folds,
        trainFaces: rows.length,
        trainImages: train.images.length,
        dev,
        gear,
        ageSplit,
        measuredAt: new Date().toISOString().slice(0, 10),
      });
      mkdirSync(dirname(req.entry), { recursive: true });
      writeFileSync(req.entry, JSON.stringify(entry, null, 2) + "\n");
      log(`wrote the draft manifest entry ${req.entry}`);
    }
  }
  return { id: req.id, out: req.out, sha256: hash, bytes: bytes.byteLength, cv, chosen, onnxVsJs, dev, gear, mlp };
}
