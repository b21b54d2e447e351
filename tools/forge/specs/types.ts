import type { ModelEntry } from "../../../src/runtime/manifest-schema.ts";

/**
 * What the forge needs to know to build one manifest entry: everything but
 * the file facts (sha256, bytes) and measured figures, which are computed.
 */
export type ModelSpec = Omit<ModelEntry, "sha256" | "bytes" | "file" | "precision" | "availability"> & {
  /** How to quantize: static QDQ, or weight-only where static costs accuracy. */
  quantize: "static" | "weights";
  /** Tensors the quantizer must leave in float (returned vectors). */
  keepFloat?: string[];
};

export const EMOTIONS_8 = ["anger", "contempt", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"];
