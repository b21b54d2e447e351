import { readFileSync } from "node:fs";
import { decodeImage } from "../../src/image/decode.ts";
import { FaceAnalysis, type ModelProvider } from "../../src/pipeline/face-analysis.ts";
import { argmax } from "../../src/pipeline/outputs.ts";
import type { FaceRecord } from "../../src/pipeline/types.ts";
import { onCanvas } from "./canvas.ts";
import { raceLabel, type UtkSample } from "./datasets.ts";

/** What the pipeline said about one labelled chip (null when no face was found). */
export interface UtkPrediction {
  sample: UtkSample;
  face: FaceRecord | null;
}

/** The largest face: a chip shows one person, the detector may add small false hits. */
export function mainFace(faces: FaceRecord[]): FaceRecord | null {
  return faces.reduce<FaceRecord | null>((best, f) => (!best || f.box.width * f.box.height > best.box.width * best.box.height ? f : best), null);
}

export async function predictUtkface(models: ModelProvider, samples: UtkSample[], tasks: ("age" | "gender" | "ethnicity")[]): Promise<UtkPrediction[]> {
  const analysis = new FaceAnalysis(models);
  const out: UtkPrediction[] = [];
  for (const sample of samples) {
    const decoded = await decodeImage(new Uint8Array(readFileSync(sample.path)));
    const r = await analysis.analyze(onCanvas(decoded.image), { tasks, maxFaces: 5, minFaceSize: 0 });
    out.push({ sample, face: mainFace(r.faces) });
  }
  return out;
}

export const predictedRace = (f: FaceRecord) => (f.ethnicity ? f.ethnicity.labels[argmax(f.ethnicity.probs)] : "");
export const truthRace = (s: UtkSample) => raceLabel(s.race);
