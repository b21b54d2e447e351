import { roundBox } from "../core/math.ts";
import { emotionJson } from "../tasks/answer.ts";
import type { AnalyzedFrame } from "./frame-faces.ts";

/**
 * The answer for one analysed clip frame, with /v1/analyze's serialisers (src/tasks/answer.ts):
 * boxes and the frame's emotion shaped and rounded as a face's there.
 */
export function frameJson(index: number, frame: AnalyzedFrame) {
  return {
    index,
    duplicate: false,
    faces: frame.faces,
    boxes: frame.boxes.map(roundBox),
    emotion: frame.probs && frame.layout ? emotionJson({ model: frame.layout.emotionModel, labels: frame.layout.labels, probs: frame.probs }) : null,
  };
}

/** A frame whose index the clip had seen: not analysed, charged or added. */
export const duplicateFrameJson = (index: number) => ({ index, duplicate: true });
