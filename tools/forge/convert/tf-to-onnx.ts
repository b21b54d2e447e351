import type { onnx as OnnxNs } from "onnx-proto";
import type { LoadedTfModel } from "../tfjs/load.ts";
import type { TfNode } from "../tfjs/model-json.ts";
import type { WeightTensor } from "../tfjs/weights.ts";
import { unsupported, type ConvertContext, type PlannedNode } from "./context.ts";
import { GraphBuilder, valueInfo, type Dim } from "./graph-builder.ts";
import { OP_HANDLERS } from "./ops/index.ts";
import { parseRef, planGraph } from "./plan.ts";
import type { Value } from "./value.ts";

export interface ConvertOptions {
  /** Batch dimension of the ONNX input: "N" (symbolic) or a fixed size. */
  batch: Dim;
  inputName?: string;
  /** Square input side to build for instead of the TF graph's (fully convolutional graphs only). */
  inputSize?: number;
}

/**
 * Converts a TF.js graph model to ONNX, node by node on demand from the
 * requested outputs. Image tensors live as NCHW inside the graph; the input
 * stays NHWC (one Transpose inside), outputs are handed back in TF layout.
 */
export class TfToOnnx implements ConvertContext {
  readonly b = new GraphBuilder();
  private readonly nodes: Map<string, PlannedNode>;
  private readonly done = new Map<string, Value>();
  private readonly nhwcCache = new Map<string, Value>();
  private readonly inputs: OnnxNs.IValueInfoProto[] = [];
  private readonly outputs: OnnxNs.IValueInfoProto[] = [];

  constructor(private readonly model: LoadedTfModel, private readonly opts: ConvertOptions) {
    this.nodes = planGraph(model.json.modelTopology.node, model.weights);
  }

  /** The converted value of TF tensor `ref` ("node" or "node:0"). */
  value(ref: string): Value {
    const { node: name, index, control } = parseRef(ref);
    if (control) throw new Error(`control input ${ref} is not supported`);
    const node = this.nodes.get(name);
    if (!node) throw new Error(`tensor ${ref}: no such node (or fused away)`);
    if (index !== 0) unsupported(node, `output ${index} is used`);
    const cached = this.done.get(name);
    if (cached) return cached;
    const v = this.convertNode(node);
    this.done.set(name, v);
    return v;
  }

  private convertNode(node: PlannedNode): Value {
    if (node.op === "Placeholder") return this.placeholder(node);
    if (node.op === "Const") unsupported(node, "a constant used as an activation");
    const handler = OP_HANDLERS[node.op];
    if (!handler) unsupported(node, "op not in the supported set");
    const t = node.attr?.T?.type;
    if (t !== undefined && t !== "DT_FLOAT") unsupported(node, `element type ${t}`);
    return handler(this, node);
  }

  private placeholder(node: TfNode): Value {
    const dims = (node.attr?.shape?.shape?.dim ?? []).map((d) => Number(d.size));
    if (dims.length !== 4 || dims.slice(1).some((d) => d <= 0)) unsupported(node, `input shape [${dims}] (need [N,H,W,C] with static H,W,C)`);
    const dtype = node.attr?.dtype?.type;
    if (dtype !== "DT_FLOAT") unsupported(node, `input dtype ${dtype}`);
    const name = this.b.reserve(this.opts.inputName ?? "input");
    const size = this.opts.inputSize;
    const shape: Dim[] = [this.opts.batch, ...(size ? [size, size] : dims.slice(1, 3)), dims[3]];
    this.inputs.push(valueInfo(name, shape));
    const t = this.b.add("Transpose", [name], `${name}/nchw`, { perm: [0, 3, 1, 2] });
    this.nhwcCache.set(t, { name, shape, nchw: false });
    return { name: t, shape, nchw: true };
  }

  input(node: TfNode, i: number): Value {
    const ref = node.input?.[i];
    if (ref === undefined) unsupported(node, `missing input ${i}`);
    return this.value(ref);
  }

  constInput(node: TfNode, i: number): WeightTensor | undefined {
    const ref = node.input?.[i];
    if (ref === undefined) return undefined;
    const src = this.nodes.get(parseRef(ref).node);
    if (src?.op !== "Const") return undefined;
    const w = this.model.weights.get(src.name);
    if (!w) unsupported(src, "constant without weight data");
    return w;
  }

  requireConst(node: TfNode, i: number): WeightTensor {
    const w = this.constInput(node, i);
    if (!w) unsupported(node, `input ${i} must be a constant`);
    return w;
  }

  toNhwc(v: Value): Value {
    if (!v.nchw) return v;
    const cached = this.nhwcCache.get(v.name);
    if (cached) return cached;
    const out: Value = { name: this.b.add("Transpose", [v.name], `${v.name}/nhwc`, { perm: [0, 2, 3, 1] }), shape: v.shape, nchw: false };
    this.nhwcCache.set(v.name, out);
    return out;
  }

  /** Expose `v` (in TF layout) as graph output `name`. */
  output(name: string, v: Value): void {
    const plain = this.toNhwc(v);
    this.b.reserve(name);
    this.b.addTo("Identity", [plain.name], name);
    this.outputs.push(valueInfo(name, plain.shape));
  }

  toModel(graphName: string, doc: string): OnnxNs.IModelProto {
    const model = this.b.toModel(this.inputs, this.outputs, graphName, doc);
    renameIdentityOutputs(model.graph!);
    return model;
  }
}

/**
 * Replace `x -> Identity -> out` with the producer writing `out` directly,
 * when x is produced by a node and used nowhere else.
 */
function renameIdentityOutputs(graph: OnnxNs.IGraphProto): void {
  const nodes = graph.node!;
  const uses = new Map<string, number>();
  for (const n of nodes) for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  const outputs = new Set((graph.output ?? []).map((o) => o.name!));
  for (const id of [...nodes]) {
    if (id.opType !== "Identity" || !outputs.has(id.output![0])) continue;
    const src = id.input![0];
    const producer = nodes.find((n) => n.output?.includes(src));
    if (!producer || uses.get(src) !== 1 || outputs.has(src)) continue;
    producer.output = producer.output!.map((o) => (o === src ? id.output![0] : o));
    if (producer.name === src) producer.name = id.output![0];
    nodes.splice(nodes.indexOf(id), 1);
  }
}
