import type { onnx } from "onnx-proto";
import type { NodeProto, TensorProto } from "../onnx/proto.ts";

/** Lookup tables over a graph: initializers by name, consumers of each tensor, graph outputs. */
export interface GraphIndex {
  initializers: Map<string, TensorProto>;
  consumers: Map<string, NodeProto[]>;
  producers: Map<string, NodeProto>;
  graphInputs: Set<string>;
  graphOutputs: Set<string>;
}

export function indexGraph(graph: onnx.IGraphProto): GraphIndex {
  const initializers = new Map<string, TensorProto>();
  for (const t of graph.initializer ?? []) initializers.set(t.name ?? "", t);
  const consumers = new Map<string, NodeProto[]>();
  const producers = new Map<string, NodeProto>();
  for (const n of graph.node ?? []) {
    for (const name of n.input ?? []) {
      if (!name) continue;
      const list = consumers.get(name) ?? [];
      if (!list.includes(n)) list.push(n);
      consumers.set(name, list);
    }
    for (const name of n.output ?? []) if (name) producers.set(name, n);
  }
  const graphInputs = new Set((graph.input ?? []).map((v) => v.name ?? "").filter((n) => !initializers.has(n)));
  const graphOutputs = new Set((graph.output ?? []).map((v) => v.name ?? ""));
  return { initializers, consumers, producers, graphInputs, graphOutputs };
}

export function intAttr(n: NodeProto, name: string, fallback: number): number {
  const a = (n.attribute ?? []).find((x) => x.name === name);
  return a?.i == null ? fallback : Number(a.i);
}

/** A stable name for a node (its name, else its first output). */
export function nodeLabel(n: NodeProto): string {
  return n.name || (n.output ?? [])[0] || n.opType || "";
}

/** Names derived from `base` that do not collide with anything in the graph. */
export function uniqueNamer(graph: onnx.IGraphProto): (base: string) => string {
  const taken = new Set<string>();
  for (const t of graph.initializer ?? []) taken.add(t.name ?? "");
  for (const v of [...(graph.input ?? []), ...(graph.output ?? [])]) taken.add(v.name ?? "");
  for (const n of graph.node ?? []) for (const x of [...(n.input ?? []), ...(n.output ?? []), n.name ?? ""]) taken.add(x);
  return (base) => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
}

/**
 * The last Conv on the path into each Reshape (detector heads: their outputs are
 * raw box/score regressions where int8 weight error shows directly).
 */
export function headConvs(graph: onnx.IGraphProto): string[] {
  const idx = indexGraph(graph);
  const heads: string[] = [];
  for (const n of graph.node ?? []) {
    if (n.opType !== "Reshape") continue;
    let p = idx.producers.get((n.input ?? [])[0] ?? "");
    while (p && p.opType !== "Conv") p = idx.producers.get((p.input ?? [])[0] ?? "");
    if (p && !heads.includes(nodeLabel(p))) heads.push(nodeLabel(p));
  }
  return heads;
}
