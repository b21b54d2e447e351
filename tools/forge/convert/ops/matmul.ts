import { attrBool, attrStrings } from "../../tfjs/attrs.ts";
import { unsupported, type OpHandler } from "../context.ts";
import { applyFusedActivation } from "./conv.ts";

/** MatMul / _FusedMatMul (BiasAdd [+ Relu]) on a 2-D activation and constant weights -> Gemm. */
export const matmulOp: OpHandler = (ctx, node) => {
  if (attrBool(node, "transpose_a", false)) unsupported(node, "transpose_a");
  const x = ctx.input(node, 0);
  if (x.shape.length !== 2) unsupported(node, `input rank ${x.shape.length}`);
  const w = ctx.requireConst(node, 1);
  if (w.shape.length !== 2) unsupported(node, `weight rank ${w.shape.length}`);
  const transB = attrBool(node, "transpose_b", false);
  const [k, m] = transB ? [w.shape[1], w.shape[0]] : w.shape;
  if (x.shape[1] !== k) unsupported(node, `input has ${x.shape[1]} features, weights expect ${k}`);
  const fused = node.op === "_FusedMatMul" ? attrStrings(node, "fused_ops") : [];
  const inputs = [x.name, ctx.b.floatConst(`${node.name}/weights`, w.shape, Float32Array.from(w.values))];
  if (fused.length) {
    if (fused[0] !== "BiasAdd") unsupported(node, `fused_ops ${fused.join("+")}`);
    const bias = ctx.requireConst(node, 2);
    if (bias.values.length !== m) unsupported(node, `bias of ${bias.values.length} for ${m} outputs`);
    inputs.push(ctx.b.floatConst(`${node.name}/bias`, [m], Float32Array.from(bias.values)));
  }
  const out = ctx.b.add("Gemm", inputs, node.name, transB ? { transB: 1 } : {});
  const v = { name: out, shape: [x.shape[0], m], nchw: false };
  return fused.length ? applyFusedActivation(ctx, node, fused, v) : v;
};
