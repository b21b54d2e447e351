import type { onnx } from "onnx-proto";
import { int8Tensor, node, type NodeProto } from "../onnx/proto.ts";
import { dimsOf, elementCount, floatArrayTensor, floatValues } from "./tensors.ts";
import { intAttr, type GraphIndex } from "./graph-index.ts";
import { quantizePerChannel } from "./per-channel.ts";

/** Which input of a node is a weight, and the axis of its output channels/features. */
export function weightSlot(n: NodeProto, idx: GraphIndex): { input: number; axis: number } | null {
  const w = (n.input ?? [])[1];
  const t = w ? idx.initializers.get(w) : undefined;
  if (!t) return null;
  const rank = dimsOf(t).length;
  if (n.opType === "Conv" && rank >= 3) return { input: 1, axis: 0 }; // OIHW; grouped/depthwise too
  if (n.opType === "MatMul" && rank >= 2) return { input: 1, axis: rank - 1 }; // [.., K, N]
  if (n.opType === "Gemm" && rank === 2) return { input: 1, axis: intAttr(n, "transB", 0) ? 0 : 1 };
  return null;
}

export interface QuantizedWeight {
  dequantized: string; // the DequantizeLinear output that replaces the float weight
  scales: Float32Array;
  axis: number;
}

export interface WeightPlan {
  initializers: onnx.ITensorProto[];
  nodes: NodeProto[];
  /** float weight name -> its quantized replacement */
  weights: Map<string, QuantizedWeight>;
}

/**
 * Replace the float weights of Conv/MatMul/Gemm with int8 per-channel
 * initializers + DequantizeLinear(axis). Rewires the consuming nodes in place.
 */
export function quantizeWeights(
  graph: onnx.IGraphProto,
  idx: GraphIndex,
  opts: { minElements: number; skipNode: (n: NodeProto) => boolean; uniq: (b: string) => string },
): WeightPlan {
  const plan: WeightPlan = { initializers: [], nodes: [], weights: new Map() };
  for (const n of graph.node ?? []) {
    if (opts.skipNode(n)) continue;
    const slot = weightSlot(n, idx);
    if (!slot) continue;
    const name = n.input![slot.input];
    const tensor = idx.initializers.get(name)!;
    const values = floatValues(tensor);
    if (!values || elementCount(tensor) < opts.minElements) continue;
    let qw = plan.weights.get(name);
    if (qw && qw.axis !== slot.axis) continue; // shared weight used along another axis: leave float
    if (!qw) {
      const dims = dimsOf(tensor);
      const { q, scales } = quantizePerChannel(values, dims, slot.axis);
      const qName = opts.uniq(`${name}_int8`);
      const sName = opts.uniq(`${name}_scale`);
      const zName = opts.uniq(`${name}_zero_point`);
      qw = { dequantized: opts.uniq(`${name}_dequantized`), scales, axis: slot.axis };
      plan.initializers.push(
        int8Tensor(qName, dims, q),
        floatArrayTensor(sName, [scales.length], scales),
        int8Tensor(zName, [scales.length], new Int8Array(scales.length)),
      );
      plan.nodes.push(node("DequantizeLinear", [qName, sName, zName], [qw.dequantized], { axis: slot.axis }));
      plan.weights.set(name, qw);
    }
    n.input![slot.input] = qw.dequantized;
  }
  return plan;
}
