import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { InferenceBackend } from "../../src/runtime/backend.ts";
import { loadModel } from "../forge/onnx/proto.ts";
import { ETHNICITY_5 } from "../heads/datasets.ts";
import { ETHNICITY_7, sevenToFive } from "../heads/ethnicity-head.ts";
import { ethnicityReportOf, type EthnicityReport } from "../heads/ethnicity-report.ts";
import { predictedRace, truthRace, type UtkPrediction } from "./run-utkface.ts";

/**
 * Ethnicity heads on faceres's identity features (`npm run train:head`),
 * measured beside gear on the same faces until the manifest declares them.
 * The head's labels come from its ONNX metadata; a 7-class FairFace head is
 * summed onto the 5 classes.
 */
export async function ethnicityHead(path: string, backend: InferenceBackend) {
  const meta = Object.fromEntries(loadModel(path).metadataProps.map((p) => [p.key, p.value]));
  const labels = JSON.parse(meta.labels ?? "[]") as string[];
  const seven = labels.join() === ETHNICITY_7.join();
  if (!seven && labels.join() !== ETHNICITY_5.join()) throw new Error(`${path}: labels ${labels} are neither the 5 classes nor FairFace's 7`);
  const session = await backend.createSession(new Uint8Array(readFileSync(path)));
  return {
    id: basename(path).replace(/\.(fp32\.)?onnx$/, ""),
    /** The predictions with each face's ethnicity answered by the head. */
    async apply(preds: UtkPrediction[]): Promise<UtkPrediction[]> {
      const out: UtkPrediction[] = [];
      for (const p of preds) {
        if (!p.face?.features) {
          out.push(p);
          continue;
        }
        const r = await session.run({ [session.inputNames[0]]: { data: p.face.features, dims: [1, p.face.features.length] } });
        const probs = r[session.outputNames[0]].data;
        out.push({ ...p, face: { ...p.face, ethnicity: { model: basename(path).replace(/\.(fp32\.)?onnx$/, ""), labels: [...ETHNICITY_5], probs: seven ? Float32Array.from(sevenToFive(probs)) : probs } } });
      }
      return out;
    },
  };
}

/** Accuracy, balanced accuracy, per-class recall and confusion of the ethnicity answers. */
export function ethnicityOf(model: string, mode: string, preds: UtkPrediction[]): EthnicityReport {
  const pairs = preds.filter((p) => p.face?.ethnicity).map((p) => ({ truth: truthRace(p.sample), pred: predictedRace(p.face!) }));
  return ethnicityReportOf(model, mode, preds.length, pairs);
}
