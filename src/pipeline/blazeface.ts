import type { DetectorSpec } from "../runtime/manifest-schema.ts";
import type { Detection, Point } from "./types.ts";
import { nonMaxSuppression } from "./nms.ts";

/**
 * BlazeFace decoding. Each output row is [score logit, cx, cy, w, h, kp0x,
 * kp0y, ...] in input pixels, offsets relative to the row's anchor centre.
 * Anchors are centred at stride·(i + 0.5) on each feature-map grid.
 */
export function blazefaceAnchors(spec: DetectorSpec, inputSize: number): Float32Array {
  const total = spec.anchors.reduce((n, a) => n + a.grid * a.grid * a.perCell, 0);
  const out = new Float32Array(total * 2);
  let k = 0;
  for (const layer of spec.anchors) {
    const stride = inputSize / layer.grid;
    for (let y = 0; y < layer.grid; y++) {
      for (let x = 0; x < layer.grid; x++) {
        for (let a = 0; a < layer.perCell; a++) {
          out[k++] = stride * (x + 0.5);
          out[k++] = stride * (y + 0.5);
        }
      }
    }
  }
  return out;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Rows → detections in input pixels, after score threshold and NMS.
 * `toImage` maps an input-pixel point to original-image pixels.
 */
export function decodeBlazeface(
  rows: Float32Array,
  rowWidth: number,
  anchors: Float32Array,
  spec: DetectorSpec,
  toImage: (p: Point) => Point,
): Detection[] {
  const n = anchors.length / 2;
  const candidates: Detection[] = [];
  for (let i = 0; i < n; i++) {
    const r = i * rowWidth;
    const score = sigmoid(rows[r]);
    if (score < spec.scoreThreshold) continue;
    const ax = anchors[2 * i];
    const ay = anchors[2 * i + 1];
    const cx = ax + rows[r + 1];
    const cy = ay + rows[r + 2];
    const w = rows[r + 3] * spec.boxScale;
    const h = rows[r + 4] * spec.boxScale;
    const [x0, y0] = toImage([cx - w / 2, cy - h / 2]);
    const [x1, y1] = toImage([cx + w / 2, cy + h / 2]);
    const keypoints: Record<string, Point> = {};
    spec.keypoints.forEach((name, k) => {
      keypoints[name] = toImage([ax + rows[r + 5 + 2 * k], ay + rows[r + 6 + 2 * k]]);
    });
    candidates.push({ box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, score, keypoints });
  }
  return nonMaxSuppression(candidates, spec.iouThreshold);
}
