import type { ClipMode } from "./frame-descriptor.ts";
import { emptyMoments, encodeMoments, encodedMomentsBytes } from "./moments.ts";

/** Bytes of a clip's stats row for face vectors of `faceDim` values: O(D), whatever the frame count. */
export function clipStatsBytes(mode: ClipMode, faceDim: number): number {
  const frameDim = mode === "single" ? faceDim : 2 * faceDim;
  return encodedMomentsBytes(encodeMoments(emptyMoments(frameDim, mode === "single")));
}

/** The slice of the clip Durable Object's RPC the measurement needs. */
export interface MeasurableClip {
  addFrames(frames: { index: number; descriptor: Float32Array | null; layout?: { emotionModel: string; labels: string[]; featureDim: number } }[]): Promise<unknown>;
  storageReport(): Promise<{ statsBytes: number; seenIndices: number; databaseBytes: number }>;
}

/**
 * For the bench: feeds a fresh clip synthetic single-face frames and reports
 * its storage at each count (e.g. 10, 100, 1000, 10000 frames): the stats row
 * stays constant; the seen-index table and the database grow with frames.
 */
export async function measureClipStateGrowth(clip: MeasurableClip, counts: number[], featureDim = 256, labels = 7, batch = 250) {
  const layout = { emotionModel: "bench", labels: Array.from({ length: labels }, (_, k) => `c${k}`), featureDim };
  const rows: { frames: number; statsBytes: number; seenIndices: number; databaseBytes: number }[] = [];
  let sent = 0;
  for (const target of [...counts].sort((a, b) => a - b)) {
    while (sent < target) {
      const n = Math.min(batch, target - sent);
      const frames = Array.from({ length: n }, (_, k) => ({
        index: sent + k,
        descriptor: Float32Array.from({ length: featureDim + labels }, (_, i) => Math.sin(sent + k + i)),
        layout,
      }));
      await clip.addFrames(frames);
      sent += n;
    }
    rows.push({ frames: target, ...(await clip.storageReport()) });
  }
  return rows;
}
