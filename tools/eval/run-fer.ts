import { FaceAnalysis, type ModelProvider } from "../../src/pipeline/face-analysis.ts";
import { argmax } from "../../src/pipeline/outputs.ts";
import type { FerSample } from "./datasets.ts";
import { analyzeChip, type EvalMode } from "./run-utkface.ts";

export interface FerPrediction {
  sample: FerSample;
  /** Predicted canonical label, "" when no face was found. */
  pred: string;
}

/** Emotion of each FER2013 face through the pipeline with the given emotion model. */
export async function predictFer(models: ModelProvider, samples: FerSample[], emotionModel: string, mode: EvalMode = "pipeline"): Promise<FerPrediction[]> {
  const analysis = new FaceAnalysis(models);
  const out: FerPrediction[] = [];
  for (const sample of samples) {
    const f = await analyzeChip(analysis, sample.path, { tasks: ["emotion"], maxFaces: 5, minFaceSize: 0, emotionModel }, mode);
    out.push({ sample, pred: f?.emotion ? f.emotion.labels[argmax(f.emotion.probs)] : "" });
  }
  return out;
}
