// Minimal BlazeFace decoding of the "detections" [1,896,17] output (as Human
// does it), used to check the row order against the anchors.

export function blazefaceAnchors(size: number): [number, number][] {
  const anchors: [number, number][] = [];
  for (const [stride, per] of [[size / 16, 2], [size / 8, 6]]) {
    const grid = Math.ceil(size / stride);
    for (let gy = 0; gy < grid; gy++) for (let gx = 0; gx < grid; gx++) {
      for (let a = 0; a < per; a++) anchors.push([stride * (gx + 0.5), stride * (gy + 0.5)]);
    }
  }
  return anchors;
}

export interface Detection { score: number; x1: number; y1: number; x2: number; y2: number; row: number }

/** Boxes in model-input pixels with sigmoid score >= minScore, greedy NMS. */
export function decodeDetections(det: Float32Array, size: number, minScore = 0.5, iou = 0.3): Detection[] {
  const anchors = blazefaceAnchors(size);
  const all: Detection[] = [];
  anchors.forEach(([ax, ay], row) => {
    const r = det.subarray(row * 17, row * 17 + 17);
    const score = 1 / (1 + Math.exp(-r[0]));
    if (score < minScore) return;
    const cx = ax + r[1], cy = ay + r[2];
    all.push({ score, x1: cx - r[3] / 2, y1: cy - r[4] / 2, x2: cx + r[3] / 2, y2: cy + r[4] / 2, row });
  });
  all.sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  const area = (d: Detection) => Math.max(0, d.x2 - d.x1) * Math.max(0, d.y2 - d.y1);
  for (const d of all) {
    const overlaps = kept.some((k) => {
      const w = Math.max(0, Math.min(k.x2, d.x2) - Math.max(k.x1, d.x1));
      const h = Math.max(0, Math.min(k.y2, d.y2) - Math.max(k.y1, d.y1));
      return (w * h) / (area(k) + area(d) - w * h) > iou;
    });
    if (!overlaps) kept.push(d);
  }
  return kept;
}
