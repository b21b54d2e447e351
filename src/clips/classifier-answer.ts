import { round } from "../core/math.ts";
import { classifyDescriptor, type ClipClassifier } from "./classifier.ts";
import type { NoFaceLabel } from "./clip-store.ts";

export interface ClassifierAnswer {
  id: string;
  /** `faces`: from the frames that had a face; `no-face`: no frame had one. */
  basis: "faces" | "no-face";
  label: string | null;
  scores: Record<string, number> | null;
}

/**
 * A clip classifier's answer for a clip. Without any face the descriptor is
 * the zero vector (paper, Video: every clip gets an answer); its prediction is
 * the classifier's, not the clip's, so it is marked `basis: "no-face"`, and
 * left out (null label and scores) when the clip was created with
 * noFaceLabel "none". Scores are rounded as every answer rounds them.
 */
export function classifierAnswer(model: ClipClassifier, descriptor: ArrayLike<number>, framesWithFaces: number, noFaceLabel: NoFaceLabel): ClassifierAnswer {
  const basis = framesWithFaces > 0 ? "faces" : "no-face";
  if (basis === "no-face" && noFaceLabel === "none") return { id: model.id, basis, label: null, scores: null };
  const input = basis === "no-face" ? new Float32Array(model.descriptorDim) : descriptor;
  const r = classifyDescriptor(model, input);
  return { id: model.id, basis, label: r.label, scores: Object.fromEntries(Object.entries(r.scores).map(([k, v]) => [k, round(v)])) };
}
