import { attrInt } from "../../tfjs/attrs.ts";
import { unsupported, type OpHandler } from "../context.ts";
import { NHWC_TO_NCHW_AXIS, onnxAxis, sameShape, type Value } from "../value.ts";
import type { Dim } from "../graph-builder.ts";

/** Constant-zero Pad with constant paddings [rank, 2] (TF axis order). */
export const padOp: OpHandler = (ctx, node) => {
  const x = ctx.input(node, 0);
  const p = ctx.requireConst(node, 1);
  const rank = x.shape.length;
  if (p.values.length !== rank * 2) unsupported(node, `paddings of shape [${p.shape}]`);
  const begin = new Array<number>(rank).fill(0), end = new Array<number>(rank).fill(0);
  for (let a = 0; a < rank; a++) {
    const o = onnxAxis(x, a);
    begin[o] = p.values[a * 2];
    end[o] = p.values[a * 2 + 1];
  }
  if (begin[0] || end[0]) unsupported(node, "padding the batch axis");
  const pads = ctx.b.int64Const(`${node.name}/pads`, [...begin, ...end]);
  const shape = x.shape.map((d, a) => (typeof d === "number" ? d + p.values[a * 2] + p.values[a * 2 + 1] : d));
  return { name: ctx.b.add("Pad", [x.name, pads], node.name, { mode: "constant" }), shape, nchw: x.nchw };
};

/** Reshape works on the TF (NHWC) element order, so image tensors go back to NHWC first. */
export const reshapeOp: OpHandler = (ctx, node) => {
  const x = ctx.toNhwc(ctx.input(node, 0));
  const target = Array.from(ctx.requireConst(node, 1).values);
  const batch = x.shape[0];
  const symbolic = typeof batch !== "number";
  if (symbolic && target[0] !== -1) unsupported(node, `shape [${target}] with a symbolic batch (needs -1 first)`);
  const rest = x.shape.slice(1).reduce<number>((a, d) => a * (d as number), 1);
  const known = target.slice(symbolic ? 1 : 0);
  if (known.filter((d) => d === -1).length > (symbolic ? 0 : 1)) unsupported(node, `shape [${target}] has too many -1`);
  const total = symbolic ? rest : rest * (batch as number);
  const prod = known.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
  const resolved: Dim[] = known.map((d) => (d === -1 ? total / prod : d));
  if (resolved.reduce<number>((a, d) => a * (d as number), 1) !== total) unsupported(node, `cannot reshape [${x.shape}] to [${target}]`);
  const shape: Dim[] = symbolic ? [batch, ...resolved] : resolved;
  const onnxShape = ctx.b.int64Const(`${node.name}/shape`, target);
  return { name: ctx.b.add("Reshape", [x.name, onnxShape], node.name), shape, nchw: false };
};

export const concatOp: OpHandler = (ctx, node) => {
  const n = attrInt(node, "N", (node.input?.length ?? 1) - 1);
  const parts: Value[] = [];
  for (let i = 0; i < n; i++) parts.push(ctx.input(node, i));
  const axisT = ctx.requireConst(node, n);
  const first = parts[0];
  const axis = onnxAxis(first, axisT.values[0]);
  const tfAxis = NHWC_TO_NCHW_AXIS.indexOf(axis);
  const logicalAxis = first.nchw ? tfAxis : axis;
  for (const p of parts) {
    const a = p.shape.filter((_, i) => i !== logicalAxis), b = first.shape.filter((_, i) => i !== logicalAxis);
    if (p.nchw !== first.nchw || !sameShape(a, b)) unsupported(node, "operands differ in layout or shape");
  }
  const shape = first.shape.map((d, i) => (i === logicalAxis ? parts.reduce((s, p) => s + (p.shape[i] as number), 0) : d));
  return { name: ctx.b.add("Concat", parts.map((p) => p.name), node.name, { axis }), shape, nchw: first.nchw };
};
