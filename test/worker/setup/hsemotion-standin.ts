import { encodeModel, floatTensor, modelFromGraph, node, valueInfo } from "../../../tools/forge/onnx/proto.ts";

/**
 * A stand-in with the signature of HSEmotion's enet_b0_8_va_mtl.onnx (which
 * cannot be downloaded here): input[N,3,224,224] NCHW → output[N,10] = 8
 * emotion logits, valence, arousal. It maps the face's mean colour through a
 * fixed linear layer, so different faces give different answers. Plumbing
 * only: it proves a user-added model is served through the manifest.
 */
export function hsemotionStandinBytes(): Uint8Array {
  const w = Float32Array.from({ length: 3 * 10 }, (_, i) => Math.sin(i * 1.7) * 2);
  const b = Float32Array.from({ length: 10 }, (_, i) => Math.cos(i) * 0.1);
  const graph = {
    name: "hsemotion-standin",
    node: [
      node("GlobalAveragePool", ["input"], ["pooled"]),
      node("Flatten", ["pooled"], ["flat"], { axis: 1 }),
      node("Gemm", ["flat", "w", "b"], ["output"]),
    ],
    input: [valueInfo("input", ["N", 3, 224, 224])],
    output: [valueInfo("output", ["N", 10])],
    initializer: [floatTensor("w", [3, 10], w), floatTensor("b", [10], b)],
  };
  return encodeModel(modelFromGraph(graph));
}
