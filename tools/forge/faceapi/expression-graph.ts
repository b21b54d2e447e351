import type { onnx as OnnxNs } from "onnx-proto";
import type { WeightTensor } from "../tfjs/weights.ts";
import { GraphBuilder, valueInfo } from "../convert/graph-builder.ts";
import { depthwiseToOihw, hwioToOihw } from "../convert/layout.ts";

/**
 * face-api FaceExpressionNet rebuilt from its source (faceFeatureExtractor/
 * denseBlock.ts, FaceFeatureExtractor.ts, faceProcessor/FaceProcessor.ts):
 * four dense blocks (conv/separable conv + bias, Add, Relu), AvgPool 7x7/2,
 * then FC 256 -> 7 and softmax. The input is already normalised:
 * (rgb - [122.782, 117.001, 104.298]) / 255, NHWC 112x112x3.
 */
const INPUT = 112;

function weight(w: Map<string, WeightTensor>, name: string, shape: number[]): WeightTensor {
  const t = w.get(name);
  if (!t) throw new Error(`face-api weights: missing ${name}`);
  if (t.shape.join(",") !== shape.join(",")) throw new Error(`face-api weights: ${name} is [${t.shape}], expected [${shape}]`);
  return t;
}

/** TF 'same' pads for a 3x3 window: the odd extra goes bottom/right. */
function samePads(size: number, stride: number): number[] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + 3 - size, 0);
  const lo = Math.floor(total / 2);
  return [lo, lo, total - lo, total - lo];
}

class ExpressionBuilder {
  readonly b = new GraphBuilder();
  constructor(private readonly w: Map<string, WeightTensor>) {}

  /** dense0/conv0: plain 3x3 conv (stride 2, same) + bias. */
  conv(x: string, prefix: string, cin: number, cout: number, size: number): string {
    const f = weight(this.w, `${prefix}/filters`, [3, 3, cin, cout]);
    const bias = weight(this.w, `${prefix}/bias`, [cout]);
    const wName = this.b.floatConst(`${prefix}/filters`, [cout, cin, 3, 3], hwioToOihw(f.values, 3, 3, cin, cout));
    const bName = this.b.floatConst(`${prefix}/bias`, [cout], Float32Array.from(bias.values));
    return this.b.add("Conv", [x, wName, bName], prefix, { kernel_shape: [3, 3], strides: [2, 2], pads: samePads(size, 2) });
  }

  /** tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias. */
  separable(x: string, prefix: string, cin: number, cout: number, size: number, stride: number): string {
    const dw = weight(this.w, `${prefix}/depthwise_filter`, [3, 3, cin, 1]);
    const pw = weight(this.w, `${prefix}/pointwise_filter`, [1, 1, cin, cout]);
    const bias = weight(this.w, `${prefix}/bias`, [cout]);
    const dwName = this.b.floatConst(`${prefix}/depthwise_filter`, [cin, 1, 3, 3], depthwiseToOihw(dw.values, 3, 3, cin, 1));
    const depth = this.b.add("Conv", [x, dwName], `${prefix}/depthwise`, {
      kernel_shape: [3, 3], strides: [stride, stride], pads: samePads(size, stride), group: cin,
    });
    const pwName = this.b.floatConst(`${prefix}/pointwise_filter`, [cout, cin, 1, 1], hwioToOihw(pw.values, 1, 1, cin, cout));
    const bName = this.b.floatConst(`${prefix}/bias`, [cout], Float32Array.from(bias.values));
    return this.b.add("Conv", [depth, pwName, bName], prefix, { kernel_shape: [1, 1] });
  }

  /** denseBlock4 with isScaleDown: the same association order of Adds as face-api. */
  denseBlock(x: string, name: string, cin: number, cout: number, size: number, first: boolean): string {
    const b = this.b;
    const c0 = first ? this.conv(x, `${name}/conv0`, cin, cout, size) : this.separable(x, `${name}/conv0`, cin, cout, size, 2);
    const half = Math.ceil(size / 2);
    const out1 = b.add("Relu", [c0], `${name}/out1`);
    const out2 = this.separable(out1, `${name}/conv1`, cout, cout, half, 1);
    const in3 = b.add("Relu", [b.add("Add", [out1, out2], `${name}/sum12`)], `${name}/in3`);
    const out3 = this.separable(in3, `${name}/conv2`, cout, cout, half, 1);
    const in4 = b.add("Relu", [b.add("Add", [out1, b.add("Add", [out2, out3], `${name}/sum23`)], `${name}/sum123`)], `${name}/in4`);
    const out4 = this.separable(in4, `${name}/conv3`, cout, cout, half, 1);
    const s34 = b.add("Add", [out3, out4], `${name}/sum34`);
    const s234 = b.add("Add", [out2, s34], `${name}/sum234`);
    return b.add("Relu", [b.add("Add", [out1, s234], `${name}/sum1234`)], `${name}/out`);
  }
}

export function buildFaceExpressionModel(weights: Map<string, WeightTensor>): OnnxNs.IModelProto {
  const e = new ExpressionBuilder(weights);
  const b = e.b;
  const input = b.reserve("input");
  let x = b.add("Transpose", [input], "input/nchw", { perm: [0, 3, 1, 2] });
  const widths = [3, 32, 64, 128, 256];
  let size = INPUT;
  for (let i = 0; i < 4; i++) {
    x = e.denseBlock(x, `dense${i}`, widths[i], widths[i + 1], size, i === 0);
    size = Math.ceil(size / 2);
  }
  if (size !== 7) throw new Error(`face-api expression: expected 7x7 before pooling, got ${size}`);
  const pooled = b.add("AveragePool", [x], "avgpool", { kernel_shape: [7, 7], strides: [2, 2] });
  // 1x1 spatial, so NCHW and NHWC flatten alike.
  const features = b.reserve("features");
  b.addTo("Flatten", [pooled], features, { axis: 1 });
  const fcW = weight(weights, "fc/weights", [256, 7]);
  const fcB = weight(weights, "fc/bias", [7]);
  const logits = b.add("Gemm", [features, b.floatConst("fc/weights", [256, 7], Float32Array.from(fcW.values)), b.floatConst("fc/bias", [7], Float32Array.from(fcB.values))], "fc");
  b.addTo("Softmax", [logits], b.reserve("emotion"), { axis: -1 });
  return b.toModel(
    [valueInfo("input", ["N", INPUT, INPUT, 3])],
    [valueInfo("emotion", ["N", 7]), valueInfo("features", ["N", 256])],
    "face_expression",
    "face-api FaceExpressionNet (@vladmandic/face-api 1.7.15), labels: neutral, happy, sad, angry, fearful, disgusted, surprised",
  );
}
