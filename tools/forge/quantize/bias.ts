import type { onnx } from "onnx-proto";
import { node, type NodeProto } from "../onnx/proto.ts";
import type { GraphIndex } from "./graph-index.ts";
import type { QuantizedWeight } from "./weights.ts";
import { floatArrayTensor, floatValues, int32Tensor } from "./tensors.ts";

const INT32_MAX = 2147483647;

/**
 * int32 Conv biases at scale s_in * s_w[c], the form ORT needs to fuse
 * DQ -> Conv -> Q into QLinearConv. A bias that would overflow stays float.
 */
export function quantizeConvBiases(
  graph: onnx.IGraphProto,
  idx: GraphIndex,
  weightsByDq: Map<string, QuantizedWeight>,
  activationScales: Map<string, number>,
  uniq: (b: string) => string,
): { initializers: onnx.ITensorProto[]; nodes: NodeProto[] } {
  const plan = { initializers: [] as onnx.ITensorProto[], nodes: [] as NodeProto[] };
  for (const n of graph.node ?? []) {
    if (n.opType !== "Conv" || (n.input ?? []).length < 3) continue;
    const [x, w, b] = n.input!;
    const sIn = activationScales.get(x);
    const qw = weightsByDq.get(w);
    const bias = idx.initializers.get(b);
    const values = bias ? floatValues(bias) : null;
    if (sIn == null || !qw || !values || values.length !== qw.scales.length) continue;
    const scales = Float32Array.from(qw.scales, (s) => Math.fround(sIn * s));
    const q = new Int32Array(values.length);
    let fits = true;
    for (let c = 0; c < values.length; c++) {
      const v = Math.round(values[c] / scales[c]);
      if (!(Math.abs(v) <= INT32_MAX)) fits = false;
      q[c] = v;
    }
    if (!fits) continue;
    const qName = uniq(`${b}_int32`);
    const sName = uniq(`${b}_scale`);
    const zName = uniq(`${b}_zero_point`);
    const dq = uniq(`${b}_dequantized`);
    plan.initializers.push(int32Tensor(qName, [q.length], q), floatArrayTensor(sName, [q.length], scales), int32Tensor(zName, [q.length], new Int32Array(q.length)));
    plan.nodes.push(node("DequantizeLinear", [qName, sName, zName], [dq], { axis: 0 }));
    n.input![2] = dq;
  }
  return plan;
}
