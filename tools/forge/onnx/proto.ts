import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import type { onnx as OnnxNs } from "onnx-proto";

// onnx-proto is CommonJS protobufjs code (ONNX 1.10 schema, IR <= 8).
const { onnx } = createRequire(import.meta.url)("onnx-proto") as { onnx: typeof OnnxNs };
export { onnx };
export type ModelProto = OnnxNs.ModelProto;
export type NodeProto = OnnxNs.INodeProto;
export type TensorProto = OnnxNs.ITensorProto;

export const DataType = onnx.TensorProto.DataType;
export const AttrType = onnx.AttributeProto.AttributeType;

export function loadModel(path: string): OnnxNs.ModelProto {
  return onnx.ModelProto.decode(readFileSync(path));
}

export function encodeModel(model: OnnxNs.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

export function saveModel(path: string, model: OnnxNs.IModelProto): Uint8Array {
  const bytes = encodeModel(model);
  writeFileSync(path, bytes);
  return bytes;
}

/** A float32 initializer (stored as raw little-endian bytes). */
export function floatTensor(name: string, dims: number[], values: Float32Array | number[]): OnnxNs.ITensorProto {
  const f = values instanceof Float32Array ? values : Float32Array.from(values);
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength)) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): OnnxNs.ITensorProto {
  const b = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims, dataType: DataType.INT64, rawData: new Uint8Array(b.buffer) };
}

export function int8Tensor(name: string, dims: number[], values: Int8Array): OnnxNs.ITensorProto {
  return { name, dims, dataType: DataType.INT8, rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) };
}

/** Read an initializer back as Float32Array (raw or float_data storage). */
export function tensorToFloat32(t: OnnxNs.ITensorProto): Float32Array {
  if (t.dataType !== DataType.FLOAT) throw new Error(`tensor ${t.name} is not float32 (type ${t.dataType})`);
  if (t.rawData && t.rawData.length) {
    const copy = new Uint8Array(t.rawData);
    return new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
  }
  return Float32Array.from(t.floatData ?? []);
}

type AttrValue = number | string | number[] | OnnxNs.ITensorProto | { float: number } | { floats: number[] };

/** A node with attributes given as plain values (ints for numbers, floats via {float}/{floats}). */
export function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}, name?: string): OnnxNs.INodeProto {
  const attribute: OnnxNs.IAttributeProto[] = Object.entries(attrs).map(([key, v]) => {
    if (typeof v === "number") return { name: key, type: AttrType.INT, i: v };
    if (typeof v === "string") return { name: key, type: AttrType.STRING, s: new TextEncoder().encode(v) };
    if (Array.isArray(v)) return { name: key, type: AttrType.INTS, ints: v };
    if ("float" in v) return { name: key, type: AttrType.FLOAT, f: (v as { float: number }).float };
    if ("floats" in v) return { name: key, type: AttrType.FLOATS, floats: (v as { floats: number[] }).floats };
    return { name: key, type: AttrType.TENSOR, t: v as OnnxNs.ITensorProto };
  });
  return { opType, input: inputs, output: outputs, attribute, name: name ?? outputs[0] };
}

export function valueInfo(name: string, dims: (number | string)[], elemType = DataType.FLOAT): OnnxNs.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export function modelFromGraph(graph: OnnxNs.IGraphProto, opset = 13, docString = ""): OnnxNs.IModelProto {
  return { irVersion: 7, opsetImport: [{ domain: "", version: opset }], producerName: "faceflare-forge", producerVersion: "1", graph, docString };
}
