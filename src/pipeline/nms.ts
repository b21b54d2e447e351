import type { Box, Detection } from "./types.ts";

function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return Math.max(0, w) * Math.max(0, h);
}

export function iou(a: Box, b: Box): number {
  const inter = intersection(a, b);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Intersection over the smaller box: 1 when one box lies inside the other. */
export function containment(a: Box, b: Box): number {
  const smaller = Math.min(a.width * a.height, b.width * b.height);
  return smaller > 0 ? intersection(a, b) / smaller : 0;
}

/**
 * Greedy NMS, highest score first. A box mostly inside a kept one is also
 * dropped: BlazeFace sometimes fires on part of a face it already found.
 */
export function nonMaxSuppression(dets: Detection[], iouThreshold: number, containThreshold = 0.6): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.every((k) => iou(k.box, d.box) <= iouThreshold && containment(k.box, d.box) <= containThreshold)) kept.push(d);
  }
  return kept;
}
