import { blazefaceAnchors, decodeBlazeface } from "../../../../src/pipeline/blazeface.ts";
import type { Detection } from "../../../../src/pipeline/types.ts";
import { detectorSpecs } from "../../specs/detectors.ts";

export type { Detection };

/**
 * Faces in a "detections" [1,896,17] output, in model-input pixels, decoded
 * by the product's own BlazeFace code (anchors, sigmoid, NMS), so the forge
 * checks the converter's row order against what the runtime will assume.
 */
export function decodeDetections(det: Float32Array, size: number, minScore = 0.5, iou = 0.3): Detection[] {
  const spec = { ...detectorSpecs[0].detector!, scoreThreshold: minScore, iouThreshold: iou };
  return decodeBlazeface(det, 17, blazefaceAnchors(spec, size), spec, (p) => p);
}
