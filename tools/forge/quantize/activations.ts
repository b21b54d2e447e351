import type { onnx } from "onnx-proto";
import { node, type NodeProto } from "../onnx/proto.ts";
import type { GraphIndex } from "./graph-index.ts";
import type { Range } from "./calibrate.ts";
import { uint8Params } from "./per-channel.ts";
import { floatArrayTensor, uint8Tensor } from "./tensors.ts";

/** Ops whose activation inputs get a QuantizeLinear/DequantizeLinear pair, and which inputs. */
const ACTIVATION_INPUTS: Record<string, number[]> = {
  Conv: [0],
  MatMul: [0, 1],
  Gemm: [0],
  Add: [0, 1], // only residual adds (both inputs activations): ORT can fuse them to QLinearAdd
};

/** Consumers whose input must stay exact float. */
const FLOAT_INPUT_OPS = new Set(["Sigmoid", "Softmax", "LogSoftmax"]);

export interface ActivationSite {
  node: NodeProto;
  input: number;
}

/** Tensors to quantize (in graph order) and the node inputs that will read the quantized copy. */
export function selectActivations(graph: onnx.IGraphProto, idx: GraphIndex, keepFloat: Set<string>, skipNode: (n: NodeProto) => boolean): Map<string, ActivationSite[]> {
  const constants = new Set((graph.node ?? []).filter((n) => n.opType === "Constant").flatMap((n) => n.output ?? []));
  const isActivation = (t: string) => !!t && !idx.initializers.has(t) && !constants.has(t) && idx.producers.get(t)?.opType !== "DequantizeLinear";
  const mustStayFloat = (t: string) =>
    keepFloat.has(t) || idx.graphOutputs.has(t) || (idx.consumers.get(t) ?? []).some((c) => FLOAT_INPUT_OPS.has(c.opType ?? ""));
  const sites = new Map<string, ActivationSite[]>();
  for (const n of graph.node ?? []) {
    const slots = ACTIVATION_INPUTS[n.opType ?? ""];
    if (!slots || skipNode(n)) continue;
    const inputs = n.input ?? [];
    if (n.opType === "Add" && !inputs.every(isActivation)) continue;
    for (const i of slots) {
      const t = inputs[i];
      if (!isActivation(t) || mustStayFloat(t)) continue;
      const list = sites.get(t) ?? [];
      list.push({ node: n, input: i });
      sites.set(t, list);
    }
  }
  return sites;
}

export interface ActivationQdq {
  initializers: onnx.ITensorProto[];
  /** QuantizeLinear+DequantizeLinear nodes keyed by the tensor they follow */
  after: Map<string, NodeProto[]>;
  scales: Map<string, number>;
}

/** Insert uint8 asymmetric Q/DQ pairs; rewires the selected consumer inputs in place. */
export function insertActivationQdq(sites: Map<string, ActivationSite[]>, ranges: Map<string, Range>, uniq: (b: string) => string): ActivationQdq {
  const plan: ActivationQdq = { initializers: [], after: new Map(), scales: new Map() };
  for (const [tensor, uses] of sites) {
    const r = ranges.get(tensor);
    if (!r || !Number.isFinite(r.min) || !Number.isFinite(r.max)) continue;
    const { scale, zeroPoint } = uint8Params(r.min, r.max);
    const sName = uniq(`${tensor}_act_scale`);
    const zName = uniq(`${tensor}_act_zero_point`);
    const qName = uniq(`${tensor}_quantized`);
    const dqName = uniq(`${tensor}_dequantized`);
    plan.initializers.push(floatArrayTensor(sName, [], Float32Array.of(scale)), uint8Tensor(zName, [], Uint8Array.of(zeroPoint)));
    plan.after.set(tensor, [node("QuantizeLinear", [tensor, sName, zName], [qName]), node("DequantizeLinear", [qName, sName, zName], [dqName])]);
    plan.scales.set(dqName, scale);
    for (const u of uses) u.node.input![u.input] = dqName;
  }
  return plan;
}
