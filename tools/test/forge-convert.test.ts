import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { convertModel, MODEL_IDS } from "../forge/convert/index.ts";
import { TfToOnnx } from "../forge/convert/tf-to-onnx.ts";
import { decodeDetections } from "../forge/convert/parity/blazeface-decode.ts";
import { SAMPLE_FACES, grow, samplePath } from "../forge/convert/parity/faces.ts";
import { cropResize, decodeImageFile, squareBox } from "../forge/convert/parity/images.ts";
import { feedFor } from "../forge/convert/parity/preprocess.ts";
import { verifyParity } from "../forge/convert/parity/verify.ts";
import { decodeWeights, type WeightTensor } from "../forge/tfjs/weights.ts";
import type { TfNode } from "../forge/tfjs/model-json.ts";
import { encodeModel } from "../forge/onnx/proto.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const ints = (...v: number[]) => ({ list: { i: v.map(String) } });
const f32 = (name: string, shape: number[], values: number[]): WeightTensor => ({ name, shape, dtype: "float32", values: Float32Array.from(values) });
const i32 = (name: string, values: number[]): WeightTensor => ({ name, shape: [values.length], dtype: "int32", values: Int32Array.from(values) });
const placeholder = (shape: number[]): TfNode => ({ name: "x", op: "Placeholder", attr: { dtype: { type: "DT_FLOAT" }, shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } } } });
const konst = (name: string): TfNode => ({ name, op: "Const" });

function tinyModel(nodes: TfNode[], weights: WeightTensor[]) {
  return { json: { modelTopology: { node: nodes }, weightsManifest: [] }, weights: new Map(weights.map((w) => [w.name, w])) };
}

describe("tfjs weight decoding", () => {
  it("decodes float16, uint8 (min + scale*q) and int32 across shards at unaligned offsets", () => {
    // [u8 x3][f16 x2][i32 x1] = 3 + 4 + 4 bytes, split over two shards mid-value.
    const bytes = new Uint8Array(11);
    bytes.set([0, 10, 255], 0);
    new DataView(bytes.buffer).setUint16(3, 0x3c00, true); // 1.0
    new DataView(bytes.buffer).setUint16(5, 0xc500, true); // -5.0
    new DataView(bytes.buffer).setInt32(7, -7, true);
    const groups = [{ paths: ["a", "b"], weights: [
      { name: "q", shape: [3], dtype: "float32" as const, quantization: { dtype: "uint8" as const, min: -1, scale: 0.5 } },
      { name: "h", shape: [2], dtype: "float32" as const, quantization: { dtype: "float16" as const } },
      { name: "i", shape: [1], dtype: "int32" as const },
    ] }];
    const w = decodeWeights(groups, [[bytes.slice(0, 4), bytes.slice(4)]]);
    expect(Array.from(w.get("q")!.values)).toEqual([-1, 4, 126.5]);
    expect(Array.from(w.get("h")!.values)).toEqual([1, -5]);
    expect(Array.from(w.get("i")!.values)).toEqual([-7]);
  });
});

describe("graph conversion plumbing (stub weights)", () => {
  it("folds per-channel Mul/Add into a depthwise conv, turns Relu6 into Clip, pads SAME bottom/right", () => {
    const conv = { name: "dw", op: "DepthwiseConv2dNative", input: ["x", "k"], attr: { strides: ints(1, 2, 2, 1), padding: { s: b64("SAME") }, data_format: { s: b64("NHWC") } } };
    const nodes: TfNode[] = [
      placeholder([-1, 6, 6, 2]), konst("k"), konst("s"), konst("o"), konst("six"), konst("zero"), konst("axes"), conv,
      { name: "bn/mul", op: "Mul", input: ["dw", "s"] }, { name: "bn/add", op: "Add", input: ["bn/mul", "o"] },
      { name: "relu", op: "Relu", input: ["bn/add"] }, { name: "min", op: "Minimum", input: ["relu", "six"] },
      { name: "max", op: "Maximum", input: ["min", "zero"] }, { name: "mean", op: "Mean", input: ["max", "axes"], attr: { keep_dims: { b: false } } },
    ];
    const m = tinyModel(nodes, [f32("k", [3, 3, 2, 1], Array(18).fill(1)), f32("s", [2], [2, 3]), f32("o", [2], [1, -1]), f32("six", [], [6]), f32("zero", [], [0]), i32("axes", [1, 2])]);
    const c = new TfToOnnx(m, { batch: "N" });
    c.output("y", c.value("mean"));
    const g = c.toModel("tiny", "").graph!;
    expect(g.node!.map((n) => n.opType)).toEqual(["Transpose", "Conv", "Clip", "ReduceMean"]);
    const convNode = g.node![1];
    const attr = (k: string) => convNode.attribute!.find((a) => a.name === k)!;
    expect(attr("pads").ints!.map(Number)).toEqual([0, 0, 1, 1]);
    expect(Number(attr("group").i)).toBe(2);
    const bias = g.initializer!.find((t) => t.name === convNode.input![2])!;
    expect(Array.from(new Float32Array(new Uint8Array(bias.rawData!).buffer))).toEqual([1, -1]);
    expect(g.output![0].type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(["N", 2]);
  });

  it("refuses an op outside the supported set, naming op and node", () => {
    const m = tinyModel([placeholder([1, 4, 4, 3]), { name: "weird/node", op: "Erf", input: ["x"] }], []);
    const c = new TfToOnnx(m, { batch: 1 });
    expect(() => c.value("weird/node")).toThrow(/Erf node "weird\/node"/);
  });

  it("refuses unsupported fused activations and attributes", () => {
    const fused = { name: "fc", op: "_FusedConv2D", input: ["x", "k", "b"], attr: { fused_ops: { list: { s: [b64("BiasAdd"), b64("Elu")] } }, strides: ints(1, 1, 1, 1), padding: { s: b64("VALID") } } };
    const m = tinyModel([placeholder([1, 4, 4, 1]), konst("k"), konst("b"), fused], [f32("k", [1, 1, 1, 1], [1]), f32("b", [1], [0])]);
    expect(() => new TfToOnnx(m, { batch: 1 }).value("fc")).toThrow(/_FusedConv2D node "fc".*BiasAdd\+Elu/);
    const dilated = { ...fused, attr: { ...fused.attr, fused_ops: { list: { s: [b64("BiasAdd")] } }, padding: { s: b64("EXPLICIT") } } };
    const m2 = tinyModel([placeholder([1, 4, 4, 1]), konst("k"), konst("b"), dilated], [f32("k", [1, 1, 1, 1], [1]), f32("b", [1], [0])]);
    expect(() => new TfToOnnx(m2, { batch: 1 }).value("fc")).toThrow(/padding EXPLICIT/);
  });
});

const EXPECTED: Record<string, Record<string, (number | string)[]>> = {
  faceres: { gender: ["N", 1], age: ["N", 100], features: ["N", 1024] },
  gear: { race: ["N", 5], gender: ["N", 2], age: ["N", 7] },
  emotion: { emotion: ["N", 7], features: ["N", 256] },
  face_expression: { emotion: ["N", 7], features: ["N", 256] },
  blazeface: { detections: [1, 896, 17] },
  "blazeface_front": { detections: [1, 896, 17] },
};

describe("real model conversion", () => {
  it.each(MODEL_IDS)("%s: input 'input' NHWC, exact output names and shapes, deterministic bytes", async (id) => {
    const a = await convertModel(id);
    const b = await convertModel(id);
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
    expect(a.info.inputs).toHaveLength(1);
    expect(a.info.inputs[0].name).toBe("input");
    expect(Object.fromEntries(a.info.outputs.map((o) => [o.name, o.shape]))).toEqual(EXPECTED[id]);
    expect(a.model.irVersion).toBe(7);
    expect(a.model.opsetImport![0].version).toBe(13);
    expect(Buffer.compare(Buffer.from(encodeModel(a.model)), Buffer.from(a.bytes))).toBe(0);
  });
});

describe("blazeface rows follow Human's anchors", () => {
  it("256: the decoded top boxes on sample1 land on the three faces", async () => {
    const img = await decodeImageFile(samplePath(1));
    const sq = squareBox(img);
    const s = await ort.InferenceSession.create((await convertModel("blazeface")).bytes);
    const r = await s.run({ input: new ort.Tensor("float32", feedFor("blazeface")(cropResize(img, sq, 256)), [1, 256, 256, 3]) });
    const k = sq.w / 256;
    const found = decodeDetections(r.detections.data as Float32Array, 256, 0.5).map((d) => [sq.x + d.box.x * k, sq.y + d.box.y * k]);
    expect(found).toHaveLength(3);
    for (const [x, y] of SAMPLE_FACES[1]) expect(found.some(([fx, fy]) => Math.hypot(fx - x, fy - y) < 10)).toBe(true);
  });

  it("128 (front): a face centred in the crop is detected in the centre", async () => {
    const img = await decodeImageFile(samplePath(1));
    const s = await ort.InferenceSession.create((await convertModel("blazeface_front")).bytes);
    const r = await s.run({ input: new ort.Tensor("float32", feedFor("blazeface_front")(cropResize(img, grow(SAMPLE_FACES[1][0], 0.5), 128)), [1, 128, 128, 3]) });
    const [top] = decodeDetections(r.detections.data as Float32Array, 128, 0.5);
    expect(top.score).toBeGreaterThan(0.8);
    expect(Math.abs(top.box.x + top.box.width / 2 - 64)).toBeLessThan(12);
    expect(Math.abs(top.box.y + top.box.height / 2 - 64)).toBeLessThan(12);
    expect(top.box.width).toBeGreaterThan(40);
  });
});

describe("parity with the TF.js originals on real photos", () => {
  it("fp32 ONNX (onnxruntime-node) matches tfjs 4.22 / face-api on the same tensors", async () => {
    const results = await verifyParity({ samples: [1], maxFaces: 2 });
    const lines = results.flatMap((r) => r.outputs.map((o) => `${r.id}/${o.output} n=${r.cases} maxAbs=${o.maxAbs.toExponential(2)} rel=${o.relToRange.toExponential(2)} cos=${o.cosineMin.toFixed(9)}`));
    console.log(lines.join("\n"));
    expect(results.map((r) => r.id)).toEqual([...MODEL_IDS]);
    for (const r of results) for (const o of r.outputs) {
      if (o.output === "features") expect(o.cosineMin, `${r.id}/features`).toBeGreaterThan(0.99999);
      else if (o.output === "detections") expect(o.relToRange, `${r.id}/detections`).toBeLessThan(1e-5);
      else expect(o.maxAbs, `${r.id}/${o.output}`).toBeLessThan(1e-4);
    }
  });
});
