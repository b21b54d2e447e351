import type { onnx } from "onnx-proto";
import { encodeModel, onnx as onnxNs, type NodeProto } from "../onnx/proto.ts";
import { indexGraph, nodeLabel, uniqueNamer } from "./graph-index.ts";
import { quantizeWeights, type QuantizedWeight } from "./weights.ts";
import { calibrateRanges, type CalibrationMethod, type Feeds } from "./calibrate.ts";
import { insertActivationQdq, selectActivations } from "./activations.ts";
import { quantizeConvBiases } from "./bias.ts";

export interface QuantizeOptions {
  /** "weights": int8 weights only, float activations. "static": also uint8 QDQ on activations. */
  mode: "static" | "weights";
  /** fp32 input feeds used to calibrate activation ranges (static mode). */
  calibration?: Feeds[];
  /** tensor names that must stay exact float (e.g. returned features). */
  keepFloat?: string[];
  /** node names (or first-output names) left entirely float. */
  excludeNodes?: string[];
  /** weights smaller than this stay float (default 256 elements). */
  minWeightElements?: number;
  calibrationMethod?: CalibrationMethod;
  /** quantize Conv biases to int32 so ORT can fuse QLinearConv (static; default true). */
  int32Bias?: boolean;
}

/**
 * Quantize an opset-13 ONNX model to int8 QDQ form (per-channel symmetric int8
 * weights; in static mode uint8 activations calibrated in onnxruntime-node).
 * Pure function of (model, options): same inputs give byte-identical output.
 */
export async function quantizeModel(model: onnx.IModelProto, opts: QuantizeOptions): Promise<onnx.ModelProto> {
  const opset = (model.opsetImport ?? []).find((o) => !o.domain)?.version;
  if (opset != null && Number(opset) < 13) throw new Error(`opset ${opset} < 13: DequantizeLinear(axis) needs opset 13`);
  const out = onnxNs.ModelProto.decode(encodeModel(model));
  const graph = out.graph as onnx.GraphProto;
  const uniq = uniqueNamer(graph);
  const excluded = new Set(opts.excludeNodes ?? []);
  const skipNode = (n: NodeProto) => excluded.has(nodeLabel(n)) || excluded.has((n.output ?? [])[0] ?? "");
  const idx = indexGraph(graph);

  // Select activation sites before the weights are rewired; calibrate on the untouched fp32 model.
  const sites = opts.mode === "static" ? selectActivations(graph, idx, new Set(opts.keepFloat ?? []), skipNode) : new Map();
  const ranges = sites.size ? await calibrateRanges(model, [...sites.keys()], opts.calibration ?? [], opts.calibrationMethod) : new Map();

  const weights = quantizeWeights(graph, idx, { minElements: opts.minWeightElements ?? 256, skipNode, uniq });
  const acts = insertActivationQdq(sites, ranges, uniq);
  const weightsByDq = new Map<string, QuantizedWeight>([...weights.weights.values()].map((w) => [w.dequantized, w]));
  const biases = opts.mode === "static" && opts.int32Bias !== false
    ? quantizeConvBiases(graph, idx, weightsByDq, acts.scales, uniq)
    : { initializers: [], nodes: [] };

  // Topological order: constant DQs first, then graph-input QDQs, then each node followed by the QDQ of its outputs.
  const nodes: NodeProto[] = [...weights.nodes, ...biases.nodes];
  for (const name of idx.graphInputs) nodes.push(...(acts.after.get(name) ?? []));
  for (const n of graph.node) {
    nodes.push(n);
    for (const o of n.output ?? []) nodes.push(...(acts.after.get(o) ?? []));
  }
  graph.node = nodes.map((n) => onnxNs.NodeProto.create(n));

  // Drop float initializers nothing reads any more.
  const used = new Set(graph.node.flatMap((n) => n.input));
  const added = [...weights.initializers, ...biases.initializers, ...acts.initializers].map((t) => onnxNs.TensorProto.create(t));
  graph.initializer = [...graph.initializer.filter((t) => used.has(t.name)), ...added];
  const kept = new Set(graph.initializer.map((t) => t.name));
  graph.input = graph.input.filter((v) => idx.graphInputs.has(v.name ?? "") || kept.has(v.name ?? ""));
  return out;
}
