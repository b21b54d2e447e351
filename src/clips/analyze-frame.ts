import type { Env } from "../env.ts";
import type { AnalyzeOptions, Box } from "../pipeline/types.ts";
import { analyzeBytes } from "../service/analyze.ts";
import { frameDescriptor, type ClipMode, type FrameDescriptor } from "./frame-descriptor.ts";

/** Same face limits as /v1/analyze's defaults. */
export const CLIP_MAX_FACES = 20;
export const CLIP_MIN_FACE_SIZE = 24;

export interface AnalyzedFrame extends FrameDescriptor {
  /** Box of the face used (single mode) or of every face (group mode), original pixels. */
  boxes: Box[];
}

/**
 * The per-image pipeline, emotion task only, reduced to a frame descriptor.
 * Throws the pipeline's ProblemErrors (not_an_image, corrupt_image, unknown_model...).
 */
export async function analyzeFrame(env: Env, bytes: Uint8Array, mode: ClipMode, emotionModel: string | null): Promise<AnalyzedFrame> {
  const options: AnalyzeOptions = {
    tasks: ["emotion"],
    maxFaces: CLIP_MAX_FACES,
    minFaceSize: CLIP_MIN_FACE_SIZE,
    ...(emotionModel ? { emotionModel } : {}),
  };
  const result = await analyzeBytes(env, bytes, options);
  const faces = result.faces.filter((f) => f.emotion);
  const frame = frameDescriptor(mode, faces);
  const area = (b: Box) => b.width * b.height;
  const boxes =
    mode === "group" || faces.length === 0
      ? faces.map((f) => f.box)
      : [faces.reduce((a, b) => (area(b.box) > area(a.box) ? b : a)).box];
  return { ...frame, boxes };
}
