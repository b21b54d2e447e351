import { attrInts, attrString } from "../../tfjs/attrs.ts";
import { unsupported, type OpHandler } from "../context.ts";
import { tfPads } from "../padding.ts";
import { staticDim } from "../value.ts";

/** MaxPool / AvgPool (TF AvgPool SAME excludes padding, as ONNX count_include_pad=0). */
export const poolOp: OpHandler = (ctx, node) => {
  const fmt = attrString(node, "data_format", "NHWC");
  if (fmt !== "NHWC") unsupported(node, `data_format ${fmt}`);
  const x = ctx.input(node, 0);
  if (!x.nchw) unsupported(node, "input is not a 4-D image tensor");
  const k = attrInts(node, "ksize"), s = attrInts(node, "strides");
  if (k.length !== 4 || k[0] !== 1 || k[3] !== 1) unsupported(node, `ksize ${JSON.stringify(k)}`);
  if (s.length !== 4 || s[0] !== 1 || s[3] !== 1) unsupported(node, `strides ${JSON.stringify(s)}`);
  const inH = staticDim(x.shape[1], node.name), inW = staticDim(x.shape[2], node.name);
  const { pads, outH, outW } = tfPads(node, inH, inW, { kernel: [k[1], k[2]], strides: [s[1], s[2]], dilations: [1, 1] });
  const op = node.op === "MaxPool" ? "MaxPool" : "AveragePool";
  const out = ctx.b.add(op, [x.name], node.name, { kernel_shape: [k[1], k[2]], strides: [s[1], s[2]], pads });
  return { name: out, shape: [x.shape[0], outH, outW, x.shape[3]], nchw: true };
};
