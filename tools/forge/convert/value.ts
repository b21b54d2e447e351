import type { Dim } from "./graph-builder.ts";

/**
 * A converted activation. `shape` is always the logical TF shape (NHWC for
 * 4-D); `nchw` says whether the ONNX tensor holds it transposed to NCHW.
 */
export interface Value {
  name: string;
  shape: Dim[];
  nchw: boolean;
}

/** TF NHWC axis -> ONNX NCHW axis for 4-D tensors. */
export const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1];

export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

/** Where TF axis `axis` of a value lives in its ONNX tensor. */
export function onnxAxis(v: Value, axis: number): number {
  const a = normAxis(axis, v.shape.length);
  return v.nchw ? NHWC_TO_NCHW_AXIS[a] : a;
}

export function staticDim(d: Dim, what: string): number {
  if (typeof d !== "number") throw new Error(`${what}: dimension must be static, got ${d}`);
  return d;
}

export function sameShape(a: Dim[], b: Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
