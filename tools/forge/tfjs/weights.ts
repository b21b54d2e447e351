import { halfToFloat } from "./half.ts";
import type { WeightEntry, WeightGroup } from "./model-json.ts";

export interface WeightTensor {
  name: string;
  shape: number[];
  dtype: "float32" | "int32";
  values: Float32Array | Int32Array;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint8: 1, uint16: 2 };

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Decode one weight starting at byte `offset` of the concatenated shards. */
function decodeOne(w: WeightEntry, data: DataView, offset: number): { tensor: WeightTensor; bytes: number } {
  const n = size(w.shape);
  const q = w.quantization;
  const stored = q?.dtype ?? w.dtype;
  const width = BYTES[stored];
  if (!width) throw new Error(`weight ${w.name}: unsupported storage dtype ${stored}`);
  if (w.dtype !== "float32" && w.dtype !== "int32") throw new Error(`weight ${w.name}: unsupported dtype ${w.dtype}`);
  const out = w.dtype === "int32" ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const at = offset + i * width;
    if (!q) out[i] = w.dtype === "int32" ? data.getInt32(at, true) : data.getFloat32(at, true);
    else if (q.dtype === "float16") out[i] = halfToFloat(data.getUint16(at, true));
    else {
      if (q.scale === undefined || q.min === undefined) throw new Error(`weight ${w.name}: ${q.dtype} without scale/min`);
      const v = q.dtype === "uint8" ? data.getUint8(at) : data.getUint16(at, true);
      out[i] = q.min + q.scale * v; // same formula (and float64 rounding) as tfjs decodeWeights
    }
  }
  return { tensor: { name: w.name, shape: w.shape, dtype: w.dtype, values: out }, bytes: n * width };
}

/**
 * Decode all weights of a manifest. `shards` are the files of each group in
 * manifest order; a group's shards are one plain concatenation and weights
 * follow each other without alignment.
 */
export function decodeWeights(groups: WeightGroup[], shards: Uint8Array[][]): Map<string, WeightTensor> {
  const out = new Map<string, WeightTensor>();
  groups.forEach((group, g) => {
    const parts = shards[g];
    const total = parts.reduce((a, p) => a + p.byteLength, 0);
    const joined = new Uint8Array(total);
    let at = 0;
    for (const p of parts) { joined.set(p, at); at += p.byteLength; }
    const view = new DataView(joined.buffer);
    let offset = 0;
    for (const w of group.weights) {
      const { tensor, bytes } = decodeOne(w, view, offset);
      out.set(w.name, tensor);
      offset += bytes;
    }
    if (offset !== total) throw new Error(`weight group ${group.paths.join(",")}: read ${offset} of ${total} bytes`);
  });
  return out;
}
