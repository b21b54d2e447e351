/** Clip frames from pipeline faces; runtime-agnostic (the Worker and Node tools share it). */
import { largestFace } from "../core/math.ts";
import { DEFAULT_MAX_FACES, DEFAULT_MIN_FACE_SIZE } from "../pipeline/options.ts";
import type { AnalyzeOptions, Box } from "../pipeline/types.ts";
import { frameDescriptor, type ClipMode, type EmotionFace, type FrameDescriptor } from "./frame-descriptor.ts";


/** Pipeline options for clip frames: emotion only, /v1/analyze's face limits (Node tools use the same). */
export function clipAnalyzeOptions(emotionModel: string | null): AnalyzeOptions {
  return { tasks: ["emotion"], maxFaces: DEFAULT_MAX_FACES, minFaceSize: DEFAULT_MIN_FACE_SIZE, ...(emotionModel ? { emotionModel } : {}) };
}

export interface AnalyzedFrame extends FrameDescriptor {
  /** Box of the face used (single mode) or of every face (group mode), original pixels. */
  boxes: Box[];
}

/** A frame's pipeline faces reduced to what the clip needs. */
export function analyzedFrame(mode: ClipMode, pipelineFaces: readonly EmotionFace[]): AnalyzedFrame {
  const faces = pipelineFaces.filter((f) => f.emotion);
  const frame = frameDescriptor(mode, faces);
  const boxes = mode === "group" || faces.length === 0 ? faces.map((f) => f.box) : [largestFace(faces)!.box];
  return { ...frame, boxes };
}
