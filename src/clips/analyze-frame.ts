import type { Env } from "../env.ts";
import { analyzeBytes } from "../service/analyze.ts";
import type { ClipMode } from "./frame-descriptor.ts";
import { analyzedFrame, clipAnalyzeOptions, type AnalyzedFrame } from "./frame-faces.ts";

export type { AnalyzedFrame };

/**
 * The per-image pipeline, emotion task only, reduced to a frame descriptor.
 * Throws the pipeline's FaceflareErrors (not_an_image, corrupt_image, unknown_model...).
 */
export async function analyzeFrame(env: Env, bytes: Uint8Array, mode: ClipMode, emotionModel: string | null): Promise<AnalyzedFrame> {
  const result = await analyzeBytes(env, bytes, clipAnalyzeOptions(emotionModel));
  return analyzedFrame(mode, result.faces);
}
