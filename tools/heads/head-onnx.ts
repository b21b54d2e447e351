import { GraphBuilder, valueInfo } from "../forge/convert/graph-builder.ts";
import { encodeModel } from "../forge/onnx/proto.ts";
import type { Fitted } from "../learn/linear-model.ts";

/** What the exported graph is called and says about itself (ONNX metadata_props). */
export interface HeadDescription {
  /** Graph input: the backbone's features, [N, dim] float32. */
  input: string;
  /** Graph output: [N, K] class probabilities (softmax inside the graph). */
  output: string;
  graphName: string;
  doc: string;
  metadata: Record<string, string>;
}

/**
 * A linear softmax head as a self-describing ONNX graph (opset 13):
 *   x / max(‖x‖₂, 1e-12)  (when trained on L2-normalised features)
 *   → Gemm with the standardisation folded in: W' = W / std, b' = b − W'·mean
 *   → Softmax.
 * Everything is computed in float64 and rounded to float32 once, in a fixed
 * order, so the same fit gives the same bytes.
 */
export function linearHeadOnnx(model: Fitted, d: HeadDescription): Uint8Array {
  if (model.kind !== "logistic") throw new Error("only logistic heads export as probabilities");
  const dim = model.descriptorDim;
  const K = model.labels.length;
  const W = new Float32Array(K * dim);
  const bias = new Float32Array(K);
  for (let k = 0; k < K; k++) {
    let shift = 0;
    for (let i = 0; i < dim; i++) {
      const w = model.weights[k][i] / model.std[i];
      W[k * dim + i] = w;
      shift += w * model.mean[i];
    }
    bias[k] = model.bias[k] - shift;
  }
  const b = new GraphBuilder();
  const input = b.reserve(d.input);
  const output = b.reserve(d.output);
  let x = input;
  if (model.l2Normalise !== false) {
    const norm = b.add("ReduceL2", [x], "l2norm", { axes: [1], keepdims: 1 });
    const eps = b.floatConst("eps", [], [1e-12]);
    const safe = b.add("Max", [norm, eps], "l2norm_safe");
    x = b.add("Div", [x, safe], "features_unit");
  }
  const wName = b.floatConst("weights", [K, dim], W);
  const bName = b.floatConst("bias", [K], bias);
  const logits = b.add("Gemm", [x, wName, bName], "logits", { transB: 1 });
  b.addTo("Softmax", [logits], output, { axis: 1 });
  const model_ = b.toModel([valueInfo(input, ["N", dim])], [valueInfo(output, ["N", K])], d.graphName, d.doc);
  model_.metadataProps = Object.entries(d.metadata).map(([key, value]) => ({ key, value }));
  return encodeModel(model_);
}
