import type { TfNode } from "../../tfjs/model-json.ts";
import { attrInt, attrInts, attrString, attrStrings } from "../../tfjs/attrs.ts";
import { unsupported, type ConvertContext, type OpHandler, type PlannedNode } from "../context.ts";
import { depthwiseToOihw, hwioToOihw } from "../layout.ts";
import { tfPads } from "../padding.ts";
import { staticDim, type Value } from "../value.ts";

function checkNhwc(node: TfNode): void {
  const fmt = attrString(node, "data_format", "NHWC");
  if (fmt !== "NHWC") unsupported(node, `data_format ${fmt}`);
}

function spatial(node: TfNode, key: string): [number, number] {
  const v = attrInts(node, key, [1, 1, 1, 1]);
  if (v.length !== 4 || v[0] !== 1 || v[3] !== 1) unsupported(node, `${key} ${JSON.stringify(v)}`);
  return [v[1], v[2]];
}

/** Fused activations we can express after the conv/matmul. */
export function applyFusedActivation(ctx: ConvertContext, node: TfNode, ops: string[], v: Value): Value {
  if (ops[0] !== "BiasAdd") unsupported(node, `fused_ops ${ops.join("+")}`);
  if (attrInt(node, "num_args", 1) !== 1) unsupported(node, `num_args ${attrInt(node, "num_args", 1)}`);
  const rest = ops.slice(1);
  if (rest.length === 0) return v;
  if (rest.length === 1 && rest[0] === "Relu") return { ...v, name: ctx.b.add("Relu", [v.name], `${node.name}/relu`) };
  if (rest.length === 1 && rest[0] === "Relu6") return { ...v, name: ctx.b.add("Clip", [v.name, ctx.b.floatConst(`${node.name}/lo`, [], [0]), ctx.b.floatConst(`${node.name}/hi`, [], [6])], `${node.name}/relu6`) };
  return unsupported(node, `fused_ops ${ops.join("+")}`);
}

/** Conv2D, DepthwiseConv2dNative and _FusedConv2D, with folded per-channel Mul/Add. */
export const convOp: OpHandler = (ctx, node: PlannedNode) => {
  checkNhwc(node);
  const x = ctx.input(node, 0);
  if (!x.nchw) unsupported(node, "input is not a 4-D image tensor");
  const filter = ctx.requireConst(node, 1);
  if (filter.shape.length !== 4) unsupported(node, `filter rank ${filter.shape.length}`);
  const [kh, kw, ci, cm] = filter.shape;
  const depthwise = node.op === "DepthwiseConv2dNative";
  const inC = staticDim(x.shape[3], node.name);
  if (ci !== inC) unsupported(node, `filter expects ${ci} input channels, input has ${inC}`);
  const outC = depthwise ? ci * cm : cm;
  const weights = depthwise ? depthwiseToOihw(filter.values, kh, kw, ci, cm) : hwioToOihw(filter.values, kh, kw, ci, cm);
  const bias = new Float32Array(outC);
  const fusedOps = node.op === "_FusedConv2D" ? attrStrings(node, "fused_ops") : [];
  if (node.op === "_FusedConv2D") {
    if (fusedOps[0] !== "BiasAdd") unsupported(node, `fused_ops ${fusedOps.join("+")}`);
    const b = ctx.requireConst(node, 2);
    if (b.values.length !== outC) unsupported(node, `bias of ${b.values.length} for ${outC} channels`);
    bias.set(b.values);
  } else if ((node.input?.length ?? 0) !== 2) unsupported(node, `${node.input?.length} inputs`);
  const per = weights.length / outC;
  for (const f of node.folds ?? []) {
    const at = (o: number) => (f.value.values.length === 1 ? f.value.values[0] : f.value.values[o]);
    for (let o = 0; o < outC; o++) {
      if (f.kind === "add") { bias[o] += at(o); continue; }
      const s = at(o);
      bias[o] *= s;
      for (let k = o * per; k < (o + 1) * per; k++) weights[k] *= s;
    }
  }
  const strides = spatial(node, "strides");
  const dilations = spatial(node, "dilations");
  const inH = staticDim(x.shape[1], node.name), inW = staticDim(x.shape[2], node.name);
  const { pads, outH, outW } = tfPads(node, inH, inW, { kernel: [kh, kw], strides, dilations });
  const w = ctx.b.floatConst(`${node.name}/weights`, [outC, depthwise ? 1 : ci, kh, kw], weights);
  const b = ctx.b.floatConst(`${node.name}/bias`, [outC], bias);
  const out = ctx.b.add("Conv", [x.name, w, b], node.name, {
    kernel_shape: [kh, kw], strides, dilations, pads, group: depthwise ? ci : 1,
  });
  const v: Value = { name: out, shape: [x.shape[0], outH, outW, outC], nchw: true };
  return fusedOps.length ? applyFusedActivation(ctx, node, fusedOps, v) : v;
};
