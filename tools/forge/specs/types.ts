import type { ImageModelEntry } from "../../../src/runtime/manifest-schema.ts";

/**
 * What the forge needs to know to build one manifest entry: everything but
 * the file facts (sha256, bytes) and measured figures, which are computed.
 */
export type ModelSpec = Omit<ImageModelEntry, "sha256" | "bytes" | "file" | "precision" | "availability" | "maxBatch"> & {
  maxBatch?: number;
  /**
   * How to ship it: static QDQ where it meets every int8-vs-fp32 target of
   * the forge, weight-only int8 where static costs accuracy, fp32 where even
   * weight-only does (measured by `npm run verify`, recorded in the card).
   */
  quantize: "static" | "weights" | "none";
  /** Tensors the quantizer must leave in float (returned vectors). */
  keepFloat?: string[];
  /** Nodes (by name) whose weights stay float where int8 costs measurable accuracy. */
  floatNodes?: RegExp;
};

export const EMOTIONS_8 = ["anger", "contempt", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"];
