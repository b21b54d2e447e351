import type { onnx } from "onnx-proto";
import type { TensorData } from "../../src/runtime/backend.ts";
import { encodeModel } from "./onnx/proto.ts";
import { quantizeModel } from "./quantize/index.ts";
import type { ModelSpec } from "./specs/types.ts";

/** The bytes shipped in models/ for a converted model, as its spec says (fp32, weight-only or static int8). */
export async function shippedBytes(spec: ModelSpec, fp32: { model: onnx.IModelProto; bytes: Uint8Array }, calibration?: Record<string, TensorData>[]): Promise<Uint8Array> {
  if (spec.quantize === "none") return fp32.bytes;
  const pattern = spec.floatNodes;
  const excludeNodes = pattern ? (fp32.model.graph?.node ?? []).map((n) => n.name ?? "").filter((name) => pattern.test(name)) : undefined;
  return encodeModel(await quantizeModel(fp32.model, { mode: spec.quantize, calibration, keepFloat: spec.keepFloat, excludeNodes }));
}
