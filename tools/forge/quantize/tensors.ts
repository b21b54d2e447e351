import { DataType, tensorToFloat32, type TensorProto } from "../onnx/proto.ts";

// Small initializer builders the shared proto.ts lacks (uint8/int32/scalars).
function rawBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

export function uint8Tensor(name: string, dims: number[], values: Uint8Array): TensorProto {
  return { name, dims, dataType: DataType.UINT8, rawData: rawBytes(values) };
}

export function int32Tensor(name: string, dims: number[], values: Int32Array): TensorProto {
  return { name, dims, dataType: DataType.INT32, rawData: rawBytes(values) };
}

export function floatArrayTensor(name: string, dims: number[], values: Float32Array): TensorProto {
  return { name, dims, dataType: DataType.FLOAT, rawData: rawBytes(values) };
}

export function elementCount(t: TensorProto): number {
  return (t.dims ?? []).reduce((n: number, d) => n * Number(d), 1);
}

export function dimsOf(t: TensorProto): number[] {
  return (t.dims ?? []).map((d) => Number(d));
}

/** Float32 view of a float initializer, or null for any other element type. */
export function floatValues(t: TensorProto): Float32Array | null {
  return t.dataType === DataType.FLOAT ? tensorToFloat32(t) : null;
}
