import { cropsToTensor } from "../../../../src/pipeline/tensor.ts";
import { BUNDLED_SPECS } from "../../specs/index.ts";
import type { ModelId } from "../sources.ts";

/**
 * A model's input row for one RGB crop, normalised as its manifest spec says
 * (the same code the runtime uses). Parity feeds the identical tensor to the
 * TF.js original and to the ONNX conversion.
 */
export function feedFor(id: ModelId): (rgb: Uint8Array) => Float32Array {
  const spec = BUNDLED_SPECS.find((s) => s.id === id);
  if (!spec) throw new Error(`no model spec for ${id}`);
  return (rgb) => cropsToTensor([rgb], spec.input).data;
}
