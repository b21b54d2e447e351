import type { onnx as OnnxNs } from "onnx-proto";
import { floatTensor, int64Tensor, modelFromGraph, node, valueInfo } from "../onnx/proto.ts";

type Attrs = Parameters<typeof node>[3];
export type Dim = number | string;

/**
 * Accumulates ONNX nodes and initializers in insertion order (deterministic),
 * handing out unique value names.
 */
export class GraphBuilder {
  readonly nodes: OnnxNs.INodeProto[] = [];
  readonly initializers: OnnxNs.ITensorProto[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name based on `base` (sanitised, suffixed on collision). */
  fresh(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./:-]/g, "_");
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`value name ${name} already used`);
    this.used.add(name);
    return name;
  }

  add(opType: string, inputs: string[], outputBase: string, attrs: Attrs = {}): string {
    const out = this.fresh(outputBase);
    this.nodes.push(node(opType, inputs, [out], attrs, out));
    return out;
  }

  /** Like add() but writes to an exact, pre-reserved output name. */
  addTo(opType: string, inputs: string[], output: string, attrs: Attrs = {}): string {
    this.nodes.push(node(opType, inputs, [output], attrs, output));
    return output;
  }

  floatConst(base: string, dims: number[], values: Float32Array | number[]): string {
    const name = this.fresh(base);
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  int64Const(base: string, values: number[]): string {
    const name = this.fresh(base);
    this.initializers.push(int64Tensor(name, [values.length], values));
    return name;
  }

  toModel(inputs: OnnxNs.IValueInfoProto[], outputs: OnnxNs.IValueInfoProto[], graphName: string, doc: string): OnnxNs.IModelProto {
    const graph: OnnxNs.IGraphProto = { name: graphName, node: this.nodes, initializer: this.initializers, input: inputs, output: outputs };
    return modelFromGraph(graph, 13, doc);
  }
}

export { valueInfo };
