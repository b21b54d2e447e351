import { topLabel } from "../core/math.ts";
import type { ClipMode, DescriptorLayout } from "./frame-descriptor.ts";
import { emptyMoments, momentsStd, pushMoments, type Moments } from "./moments.ts";

/**
 * The running state of one clip, shared by the Durable Object and the Node
 * descriptor tool so both compute exactly the same clip descriptor.
 */
export interface ClipState {
  mode: ClipMode;
  framesReceived: number;
  framesWithFaces: number;
  /** Set by the first frame with a face. */
  layout: DescriptorLayout | null;
  /** Over frame descriptors (D single, 2·D group); null until a face arrives. */
  moments: Moments | null;
}

export class DescriptorMismatchError extends Error {}

export function newClipState(mode: ClipMode): ClipState {
  return { mode, framesReceived: 0, framesWithFaces: 0, layout: null, moments: null };
}

/** Count a frame and, if it had a face, fold its descriptor into the statistics. */
export function addFrame(state: ClipState, descriptor: ArrayLike<number> | null, layout?: DescriptorLayout): void {
  if (descriptor) {
    if (!layout) throw new DescriptorMismatchError("a frame descriptor needs its layout");
    checkLayout(state, descriptor, layout);
    state.moments ??= emptyMoments(descriptor.length, state.mode === "single");
    state.layout ??= layout;
    pushMoments(state.moments, descriptor);
    state.framesWithFaces += 1;
  }
  state.framesReceived += 1;
}

/** Throws (before anything changes) if a frame does not fit the clip. */
export function checkLayout(state: ClipState, descriptor: ArrayLike<number>, layout: DescriptorLayout): void {
  const faceDim = layout.featureDim + layout.labels.length;
  const expected = state.mode === "single" ? faceDim : 2 * faceDim;
  if (descriptor.length !== expected) {
    throw new DescriptorMismatchError(`frame descriptor has ${descriptor.length} values; a ${state.mode} clip of this model needs ${expected}`);
  }
  const known = state.layout;
  if (known && (known.emotionModel !== layout.emotionModel || known.featureDim !== layout.featureDim || known.labels.join() !== layout.labels.join())) {
    throw new DescriptorMismatchError(`frame was analysed with ${layout.emotionModel}, the clip with ${known.emotionModel}`);
  }
}

/** Length of the clip descriptor for face vectors of `faceDim` values: 4·D in both modes. */
export const clipDescriptorDim = (faceDim: number) => 4 * faceDim;

/**
 * Single: [mean, max, min, std] over frames; group: [mean, std] over frames of
 * the per-frame [mean, std] over faces. A clip without faces gets the zero
 * descriptor (paper, Video): of `zeroDim` values, or empty if unknown.
 */
export function clipDescriptor(state: ClipState, zeroDim = 0): Float32Array {
  const m = state.moments;
  if (!m || m.n === 0) {
    const faceDim = state.layout ? state.layout.featureDim + state.layout.labels.length : 0;
    return new Float32Array(faceDim ? clipDescriptorDim(faceDim) : zeroDim);
  }
  const parts = state.mode === "single" ? [m.mean, m.max!, m.min!, momentsStd(m)] : [m.mean, momentsStd(m)];
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Average of the frames' class probabilities, with labels from the model; null without faces. */
export function clipEmotion(state: ClipState): { label: string; scores: Record<string, number> } | null {
  const m = state.moments;
  const layout = state.layout;
  if (!m || m.n === 0 || !layout) return null;
  return topLabel(layout.labels, m.mean.subarray(layout.featureDim, layout.featureDim + layout.labels.length));
}

/** Unit L2 norm (the zero vector stays zero), as the paper feeds its clip classifier. */
export function l2Normalise(x: ArrayLike<number>): Float64Array {
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += x[i] * x[i];
  const norm = Math.sqrt(ss);
  const out = new Float64Array(x.length);
  if (norm > 0) for (let i = 0; i < x.length; i++) out[i] = x[i] / norm;
  return out;
}
