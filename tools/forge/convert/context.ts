import type { TfNode } from "../tfjs/model-json.ts";
import type { WeightTensor } from "../tfjs/weights.ts";
import type { GraphBuilder } from "./graph-builder.ts";
import type { Value } from "./value.ts";

/** A TF node after the fusion pre-pass (see plan.ts). */
export interface PlannedNode extends TfNode {
  /** Per-channel Mul/Add nodes folded into this conv, in order. */
  folds?: { kind: "mul" | "add"; value: WeightTensor; from: string }[];
  /** For the synthetic `_Clip` op. */
  clip?: { min: number; max: number };
}

/** What an op handler gets to build its ONNX nodes. */
export interface ConvertContext {
  b: GraphBuilder;
  /** The converted activation feeding input `i` of `node`. */
  input(node: TfNode, i: number): Value;
  /** The Const weight feeding input `i`, or undefined if it is an activation. */
  constInput(node: TfNode, i: number): WeightTensor | undefined;
  requireConst(node: TfNode, i: number): WeightTensor;
  /** ONNX value holding the same data in NHWC order (transposes NCHW values). */
  toNhwc(v: Value): Value;
}

export type OpHandler = (ctx: ConvertContext, node: PlannedNode) => Value;

export function unsupported(node: TfNode, why: string): never {
  throw new Error(`unsupported: ${node.op} node "${node.name}": ${why}`);
}
