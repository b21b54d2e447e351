import type { WeightTensor } from "../../tfjs/weights.ts";
import { unsupported, type ConvertContext, type OpHandler, type PlannedNode } from "../context.ts";
import { sameShape, type Value } from "../value.ts";

const BINARY: Record<string, string> = { Add: "Add", AddV2: "Add", Sub: "Sub", Mul: "Mul", RealDiv: "Div", Maximum: "Max", Minimum: "Min" };
const UNARY: Record<string, string> = { Relu: "Relu", Sigmoid: "Sigmoid", Tanh: "Tanh", Identity: "Identity" };

/** A constant operand laid out to broadcast against `act` (scalar or per-channel only). */
function constOperand(ctx: ConvertContext, node: PlannedNode, act: Value, w: WeightTensor): string {
  if (w.dtype !== "float32") unsupported(node, "non-float constant operand");
  if (w.values.length === 1) return ctx.b.floatConst(`${node.name}/scalar`, [], [w.values[0]]);
  const last = act.shape[act.shape.length - 1];
  const dims = w.shape.filter((d) => d !== 1);
  if (dims.length !== 1 || dims[0] !== last || w.shape[w.shape.length - 1] !== last || w.shape.length > act.shape.length) {
    unsupported(node, `constant of shape [${w.shape}] against activation [${act.shape}] (only scalar or per-channel)`);
  }
  return ctx.b.floatConst(`${node.name}/const`, act.nchw ? [last as number, 1, 1] : [last as number], Float32Array.from(w.values));
}

export const binaryOp: OpHandler = (ctx, node) => {
  const op = BINARY[node.op];
  if ((node.input?.length ?? 0) !== 2) unsupported(node, `${node.input?.length} inputs`);
  const c0 = ctx.constInput(node, 0), c1 = ctx.constInput(node, 1);
  if (c0 && c1) unsupported(node, "both operands constant");
  if (c0 || c1) {
    const act = ctx.input(node, c0 ? 1 : 0);
    const k = constOperand(ctx, node, act, (c0 ?? c1)!);
    const inputs = c0 ? [k, act.name] : [act.name, k];
    return { ...act, name: ctx.b.add(op, inputs, node.name) };
  }
  const a = ctx.input(node, 0), b = ctx.input(node, 1);
  if (a.nchw !== b.nchw || !sameShape(a.shape, b.shape)) unsupported(node, `operand shapes [${a.shape}] vs [${b.shape}] (no broadcasting between activations)`);
  return { ...a, name: ctx.b.add(op, [a.name, b.name], node.name) };
};

export const unaryOp: OpHandler = (ctx, node) => {
  if ((node.input?.length ?? 0) !== 1) unsupported(node, `${node.input?.length} inputs`);
  const x = ctx.input(node, 0);
  if (node.op === "Identity") return x; // no node: an alias
  return { ...x, name: ctx.b.add(UNARY[node.op], [x.name], node.name) };
};

/** Synthetic op from the Relu6 pattern (plan.ts). */
export const clipOp: OpHandler = (ctx, node) => {
  const x = ctx.input(node, 0);
  const { min, max } = node.clip!;
  const lo = ctx.b.floatConst(`${node.name}/min`, [], [min]);
  const hi = ctx.b.floatConst(`${node.name}/max`, [], [max]);
  return { ...x, name: ctx.b.add("Clip", [x.name, lo, hi], node.name) };
};

export const ELEMENTWISE_OPS = { binary: Object.keys(BINARY), unary: Object.keys(UNARY) };
