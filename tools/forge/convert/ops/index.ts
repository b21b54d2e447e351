import type { OpHandler } from "../context.ts";
import { convOp } from "./conv.ts";
import { binaryOp, clipOp, ELEMENTWISE_OPS, unaryOp } from "./elementwise.ts";
import { matmulOp } from "./matmul.ts";
import { poolOp } from "./pool.ts";
import { reduceOp, softmaxOp } from "./reduce.ts";
import { concatOp, padOp, reshapeOp } from "./shape.ts";

/** Every TF op the converter accepts; anything else is an error naming the node. */
export const OP_HANDLERS: Record<string, OpHandler> = {
  Conv2D: convOp,
  DepthwiseConv2dNative: convOp,
  _FusedConv2D: convOp,
  MaxPool: poolOp,
  AvgPool: poolOp,
  MatMul: matmulOp,
  _FusedMatMul: matmulOp,
  Mean: reduceOp,
  Max: reduceOp,
  Softmax: softmaxOp,
  Pad: padOp,
  Reshape: reshapeOp,
  ConcatV2: concatOp,
  _Clip: clipOp,
  ...Object.fromEntries(ELEMENTWISE_OPS.binary.map((op) => [op, binaryOp])),
  ...Object.fromEntries(ELEMENTWISE_OPS.unary.map((op) => [op, unaryOp])),
};
