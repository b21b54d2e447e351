import { attrBool } from "../../tfjs/attrs.ts";
import { unsupported, type OpHandler } from "../context.ts";
import { normAxis, onnxAxis, type Value } from "../value.ts";

/** Mean / Max over constant axes; keep_dims=false must not reorder the kept axes. */
export const reduceOp: OpHandler = (ctx, node) => {
  const x = ctx.input(node, 0);
  const idx = ctx.requireConst(node, 1);
  const rank = x.shape.length;
  const axes = [...new Set(Array.from(idx.values, (a) => normAxis(a, rank)))].sort((a, b) => a - b);
  const keep = attrBool(node, "keep_dims", false);
  const onnxAxes = axes.map((a) => onnxAxis(x, a)).sort((a, b) => a - b);
  const op = node.op === "Mean" ? "ReduceMean" : node.op === "Max" ? "ReduceMax" : unsupported(node, "not a reduction");
  const out = ctx.b.add(op, [x.name], node.name, { axes: onnxAxes, keepdims: keep ? 1 : 0 });
  if (keep) return { name: out, shape: x.shape.map((d, i) => (axes.includes(i) ? 1 : d)), nchw: x.nchw };
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const keptOnnxOrder = [...kept].sort((a, b) => onnxAxis(x, a) - onnxAxis(x, b));
  if (keptOnnxOrder.some((a, i) => a !== kept[i])) unsupported(node, `reducing axes [${axes}] would reorder the kept axes`);
  const v: Value = { name: out, shape: kept.map((i) => x.shape[i]), nchw: false };
  return v;
};

/** TF Softmax is over the last axis. */
export const softmaxOp: OpHandler = (ctx, node) => {
  const x = ctx.input(node, 0);
  const axis = onnxAxis(x, -1);
  return { ...x, name: ctx.b.add("Softmax", [x.name], node.name, { axis }) };
};
