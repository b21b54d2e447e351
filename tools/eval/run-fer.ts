import { readFileSync } from "node:fs";
import { decodeImage } from "../../src/image/decode.ts";
import { FaceAnalysis, type ModelProvider } from "../../src/pipeline/face-analysis.ts";
import { argmax } from "../../src/pipeline/outputs.ts";
import { onCanvas } from "./canvas.ts";
import type { FerSample } from "./datasets.ts";
import { mainFace } from "./run-utkface.ts";

export interface FerPrediction {
  sample: FerSample;
  /** Predicted canonical label, "" when no face was found. */
  pred: string;
}

/** Emotion of each FER2013 face through the pipeline with the given emotion model. */
export async function predictFer(models: ModelProvider, samples: FerSample[], emotionModel: string): Promise<FerPrediction[]> {
  const analysis = new FaceAnalysis(models);
  const out: FerPrediction[] = [];
  for (const sample of samples) {
    const decoded = await decodeImage(new Uint8Array(readFileSync(sample.path)));
    const r = await analysis.analyze(onCanvas(decoded.image), { tasks: ["emotion"], maxFaces: 5, minFaceSize: 0, emotionModel });
    const f = mainFace(r.faces);
    out.push({ sample, pred: f?.emotion ? f.emotion.labels[argmax(f.emotion.probs)] : "" });
  }
  return out;
}
