/** Clip frames from pipeline faces; runtime-agnostic (the Worker and Node tools share it). */
import type { AnalyzeOptions, Box } from "../pipeline/types.ts";
import { frameDescriptor, type ClipMode, type EmotionFace, type FrameDescriptor } from "./frame-descriptor.ts";

/** Same face limits as /v1/analyze's defaults. */
export const CLIP_MAX_FACES = 20;
export const CLIP_MIN_FACE_SIZE = 24;

/** Pipeline options for clip frames (emotion only; Node tools use the same). */
export function clipAnalyzeOptions(emotionModel: string | null): AnalyzeOptions {
  return { tasks: ["emotion"], maxFaces: CLIP_MAX_FACES, minFaceSize: CLIP_MIN_FACE_SIZE, ...(emotionModel ? { emotionModel } : {}) };
}

export interface AnalyzedFrame extends FrameDescriptor {
  /** Box of the face used (single mode) or of every face (group mode), original pixels. */
  boxes: Box[];
}

const area = (b: Box) => b.width * b.height;

/** A frame's pipeline faces reduced to what the clip needs. */
export function analyzedFrame(mode: ClipMode, pipelineFaces: readonly EmotionFace[]): AnalyzedFrame {
  const faces = pipelineFaces.filter((f) => f.emotion);
  const frame = frameDescriptor(mode, faces);
  const boxes =
    mode === "group" || faces.length === 0 ? faces.map((f) => f.box) : [faces.reduce((a, b) => (area(b.box) > area(a.box) ? b : a)).box];
  return { ...frame, boxes };
}
