import { readFileSync } from "node:fs";
import { decodeImage } from "../../src/image/decode.ts";
import { FaceAnalysis, type ModelProvider } from "../../src/pipeline/face-analysis.ts";
import { argmax } from "../../src/pipeline/outputs.ts";
import type { AnalyzeOptions, FaceRecord } from "../../src/pipeline/types.ts";
import type { RgbaImage } from "../../src/image/types.ts";
import { onCanvas } from "./canvas.ts";
import { raceLabel, type UtkSample } from "./datasets.ts";
import type { EvalMode } from "./framing.ts";

export type { EvalMode };

/** What the pipeline said about one labelled chip (null when no face was found). */
export interface UtkPrediction {
  sample: UtkSample;
  face: FaceRecord | null;
}

/** The largest face: a chip shows one person, the detector may add small false hits. */
export function mainFace(faces: FaceRecord[]): FaceRecord | null {
  return faces.reduce<FaceRecord | null>((best, f) => (!best || f.box.width * f.box.height > best.box.width * best.box.height ? f : best), null);
}

/** `prepare` changes the decoded image first (e.g. a mirror for training-time augmentation). */
export async function analyzeChip(analysis: FaceAnalysis, path: string, options: AnalyzeOptions, mode: EvalMode, prepare?: (image: RgbaImage) => RgbaImage): Promise<FaceRecord | null> {
  const decoded = (await decodeImage(new Uint8Array(readFileSync(path)))).image;
  const image = prepare ? prepare(decoded) : decoded;
  if (mode === "whole") {
    const whole = { box: { x: 0, y: 0, width: image.width, height: image.height }, score: 1, keypoints: {} };
    return (await analysis.describe(image, [whole], options)).faces[0];
  }
  return mainFace((await analysis.analyze(mode === "pipeline" ? onCanvas(image) : image, options)).faces);
}

export async function predictUtkface(models: ModelProvider, samples: UtkSample[], tasks: ("age" | "gender" | "ethnicity" | "features")[], mode: EvalMode = "pipeline"): Promise<UtkPrediction[]> {
  const analysis = new FaceAnalysis(models);
  const out: UtkPrediction[] = [];
  for (const sample of samples) out.push({ sample, face: await analyzeChip(analysis, sample.path, { tasks, maxFaces: 5, minFaceSize: 0 }, mode) });
  return out;
}

export const predictedRace = (f: FaceRecord) => (f.ethnicity ? f.ethnicity.labels[argmax(f.ethnicity.probs)] : "");
export const truthRace = (s: UtkSample) => raceLabel(s.race);
