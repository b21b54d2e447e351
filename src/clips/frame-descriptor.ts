import { largestFace } from "../core/math.ts";
import type { Box } from "../pipeline/types.ts";

/** `single`: the largest face of each frame (AFEW); `group`: every face (VGAF). */
export type ClipMode = "single" | "group";
export const CLIP_MODES = ["single", "group"] as const;

/** The parts of a pipeline face record a clip needs. */
export interface EmotionFace {
  box: Box;
  emotion?: { model: string; labels: string[]; probs: ArrayLike<number>; features?: ArrayLike<number> };
}

/** What a frame contributes to its clip; `descriptor` is null for a frame without faces. */
export interface FrameDescriptor {
  descriptor: Float32Array | null;
  /** Faces found in the frame (with an emotion result). */
  faces: number;
  /** Present when descriptor is: which model made it and how its vector is laid out. */
  layout?: DescriptorLayout;
  /** Frame-level class probabilities (largest face, or mean over faces). */
  probs?: Float32Array;
}

/** Layout of one face vector: `featureDim` features, then one probability per label. */
export interface DescriptorLayout {
  emotionModel: string;
  labels: string[];
  featureDim: number;
}

/** Emotion features (pooled pre-classifier activations) followed by class probabilities. */
export function faceVector(face: EmotionFace): Float32Array {
  const e = face.emotion!;
  const f = e.features ?? [];
  const out = new Float32Array(f.length + e.probs.length);
  out.set(f, 0);
  out.set(e.probs, f.length);
  return out;
}

/** Single mode: D values of the largest face; group mode: mean and std over faces, 2·D values. */
export function frameDescriptor(mode: ClipMode, faces: readonly EmotionFace[]): FrameDescriptor {
  const withEmotion = faces.filter((f) => f.emotion);
  if (withEmotion.length === 0) return { descriptor: null, faces: 0 };
  const first = withEmotion[0].emotion!;
  const layout: DescriptorLayout = {
    emotionModel: first.model,
    labels: [...first.labels],
    featureDim: first.features?.length ?? 0,
  };
  const nClasses = layout.labels.length;
  if (mode === "single") {
    const largest = largestFace(withEmotion)!;
    const descriptor = faceVector(largest);
    return { descriptor, faces: withEmotion.length, layout, probs: descriptor.slice(layout.featureDim) };
  }
  const vectors = withEmotion.map(faceVector);
  const d = vectors[0].length;
  const mean = new Float64Array(d);
  for (const v of vectors) for (let i = 0; i < d; i++) mean[i] += v[i] / vectors.length;
  const descriptor = new Float32Array(2 * d);
  for (let i = 0; i < d; i++) {
    let ss = 0;
    for (const v of vectors) ss += (v[i] - mean[i]) ** 2;
    descriptor[i] = mean[i];
    descriptor[d + i] = Math.sqrt(ss / vectors.length);
  }
  return { descriptor, faces: withEmotion.length, layout, probs: descriptor.slice(layout.featureDim, layout.featureDim + nClasses) };
}
