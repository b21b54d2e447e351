import type { TfNode } from "../tfjs/model-json.ts";
import type { WeightTensor } from "../tfjs/weights.ts";
import { attrStrings } from "../tfjs/attrs.ts";
import type { PlannedNode } from "./context.ts";

/** "node:1" -> { node, index }; control inputs ("^x") are rejected by callers. */
export function parseRef(ref: string): { node: string; index: number; control: boolean } {
  const control = ref.startsWith("^");
  const body = control ? ref.slice(1) : ref;
  const m = /^(.*):(\d+)$/.exec(body);
  return m ? { node: m[1], index: Number(m[2]), control } : { node: body, index: 0, control };
}

const CONV_OPS = new Set(["Conv2D", "DepthwiseConv2dNative", "_FusedConv2D"]);

interface Graph {
  byName: Map<string, TfNode>;
  consumers: Map<string, TfNode[]>;
  weights: Map<string, WeightTensor>;
}

function constOf(g: Graph, ref: string): WeightTensor | undefined {
  const n = g.byName.get(parseRef(ref).node);
  return n?.op === "Const" ? g.weights.get(n.name) : undefined;
}

/** A constant usable as a per-output-channel vector of a conv with `c` outputs. */
function isChannelConst(w: WeightTensor | undefined, c: number): w is WeightTensor {
  if (!w || w.dtype !== "float32") return false;
  const dims = w.shape.filter((d) => d !== 1);
  return w.values.length === 1 || (dims.length === 1 && dims[0] === c && w.shape[w.shape.length - 1] === c);
}

function scalarOf(w: WeightTensor | undefined): number | undefined {
  return w && w.values.length === 1 ? w.values[0] : undefined;
}

function outChannels(g: Graph, conv: TfNode): number {
  const w = constOf(g, conv.input![1]);
  if (!w) return -1;
  return conv.op === "DepthwiseConv2dNative" ? w.shape[2] * w.shape[3] : w.shape[3];
}

function soleConsumer(g: Graph, n: TfNode): TfNode | undefined {
  const c = g.consumers.get(n.name) ?? [];
  return c.length === 1 ? c[0] : undefined;
}

/** The const and activation inputs of a binary node, when exactly one is const. */
function splitConst(g: Graph, n: TfNode): { act: string; value: WeightTensor } | undefined {
  const [a, b] = n.input ?? [];
  const ca = constOf(g, a), cb = constOf(g, b);
  if (ca && !cb) return { act: b, value: ca };
  if (cb && !ca) return { act: a, value: cb };
  return undefined;
}

/**
 * Fusion pre-pass over the TF graph:
 *  - per-channel Mul/Add chains right after a conv (no activation in between)
 *    fold into that conv's weights/bias (BatchNorm left as Mul/Add);
 *  - Relu -> Minimum(c) [-> Maximum(<=0)] and Maximum(lo) -> Minimum(hi)
 *    become one Clip.
 * A fused node keeps the name of the last node it replaces, so consumers are
 * untouched. Only single-consumer chains are fused.
 */
export function planGraph(nodes: TfNode[], weights: Map<string, WeightTensor>): Map<string, PlannedNode> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const consumers = new Map<string, TfNode[]>();
  for (const n of nodes) for (const ref of n.input ?? []) {
    const src = parseRef(ref).node;
    consumers.set(src, [...(consumers.get(src) ?? []), n]);
  }
  const g: Graph = { byName, consumers, weights };
  const planned = new Map<string, PlannedNode>(nodes.map((n) => [n.name, { ...n }]));

  for (const n of nodes) {
    if (!CONV_OPS.has(n.op)) continue;
    if (n.op === "_FusedConv2D" && attrStrings(n, "fused_ops").some((op) => op !== "BiasAdd")) continue;
    const c = outChannels(g, n);
    const folds: NonNullable<PlannedNode["folds"]> = [];
    let tail: TfNode = n;
    for (let next = soleConsumer(g, tail); next && (next.op === "Mul" || next.op === "Add" || next.op === "AddV2"); next = soleConsumer(g, tail)) {
      const split = splitConst(g, next);
      if (!split || parseRef(split.act).node !== tail.name || !isChannelConst(split.value, c)) break;
      folds.push({ kind: next.op === "Mul" ? "mul" : "add", value: split.value, from: next.name });
      tail = next;
    }
    if (!folds.length) continue;
    planned.set(tail.name, { ...n, name: tail.name, folds });
    planned.delete(n.name); // only reachable through `tail` now
  }

  for (const n of nodes) {
    if (n.op !== "Minimum") continue;
    const split = splitConst(g, n);
    const hi = scalarOf(split?.value);
    if (!split || hi === undefined) continue;
    const src = byName.get(parseRef(split.act).node);
    let lo: number | undefined, from: string | undefined;
    if (src?.op === "Relu" && soleConsumer(g, src) === n) { lo = 0; from = src.input![0]; }
    else if (src?.op === "Maximum" && soleConsumer(g, src) === n) {
      const inner = splitConst(g, src);
      lo = scalarOf(inner?.value);
      from = inner?.act;
    }
    if (lo === undefined || from === undefined || lo > hi) continue;
    let tail: TfNode = n;
    const after = soleConsumer(g, n);
    const afterSplit = after?.op === "Maximum" ? splitConst(g, after) : undefined;
    const afterLo = scalarOf(afterSplit?.value);
    if (after && afterSplit && afterLo !== undefined && afterLo <= lo) tail = after; // Maximum(clip, <=lo) is a no-op
    planned.set(tail.name, { name: tail.name, op: "_Clip", input: [from], clip: { min: lo, max: hi } });
  }
  return planned;
}
