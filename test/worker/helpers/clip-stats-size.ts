import type { ClipMode } from "../../../src/clips/frame-descriptor.ts";
import { emptyMoments, encodeMoments, type EncodedMoments } from "../../../src/clips/moments.ts";

/** Size of a stored stats row: what the clip's state costs, independent of frame count. */
export function encodedMomentsBytes(e: Pick<EncodedMoments, "mean" | "m2" | "max" | "min">): number {
  return 8 + e.mean.byteLength + e.m2.byteLength + (e.max?.byteLength ?? 0) + (e.min?.byteLength ?? 0);
}

/** Bytes of a clip's stats row for face vectors of `faceDim` values: O(D), whatever the frame count. */
export function clipStatsBytes(mode: ClipMode, faceDim: number): number {
  const frameDim = mode === "single" ? faceDim : 2 * faceDim;
  return encodedMomentsBytes(encodeMoments(emptyMoments(frameDim, mode === "single")));
}
