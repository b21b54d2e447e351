import type { InferenceBackend } from "../../src/runtime/backend.ts";
import type { ImageModelEntry, Manifest } from "../../src/runtime/manifest-schema.ts";
import { FileModels } from "../runtime/file-models.ts";

/**
 * How a labelled dataset image reaches the models:
 * - "pipeline": the image centred on a canvas twice its size, detected and
 *   cut as the API does (tight face chips need the room: ../shared/MODELS.md),
 * - "direct": detected and cut as the API does, on the image as it is
 *   (images that already show a face with margin, e.g. FairFace),
 * - "whole": the whole image fed to each model (no detector, no alignment),
 *   the framing the datasets were made with; a reference for the models.
 */
export type EvalMode = "pipeline" | "direct" | "whole";
export const EVAL_MODES: readonly EvalMode[] = ["pipeline", "direct", "whole"];

/** The same models with each face model's crop changed. */
export function withFaceCrops(dir: string, backend: InferenceBackend, manifest: Manifest, change: (e: ImageModelEntry) => void): FileModels {
  const m: Manifest = structuredClone(manifest);
  m.models.forEach((e) => e.kind === "face" && change(e));
  return new FileModels(dir, backend, m);
}

/** The models for a mode: "whole" cuts nothing (the box is the whole image, unaligned). */
export function modelsForMode(mode: EvalMode, dir: string, backend: InferenceBackend, manifest: Manifest, base: FileModels): FileModels {
  if (mode !== "whole") return base;
  return withFaceCrops(dir, backend, manifest, (e) => Object.assign(e.crop, { scale: 1, square: false, align: false, shiftY: 0 }));
}
