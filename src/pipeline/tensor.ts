import type { TensorData } from "../runtime/backend.ts";
import type { InputSpec } from "../runtime/manifest-schema.ts";

const DEFAULT_GRAY: [number, number, number] = [0.299, 0.587, 0.114];

/**
 * Batches RGB crops (each height x width x 3, 0..255) into one input tensor
 * per the manifest: channel order, value = (pixel·scale − mean) / std, layout.
 */
export function cropsToTensor(crops: Uint8Array[], spec: InputSpec): TensorData {
  const { width: W, height: H } = spec;
  const C = spec.colorOrder === "GRAY" ? 1 : 3;
  const plane = W * H;
  const data = new Float32Array(crops.length * plane * C);
  const order = spec.colorOrder === "BGR" ? [2, 1, 0] : [0, 1, 2];
  const gw = spec.grayWeights ?? DEFAULT_GRAY;
  const mean = (c: number) => spec.mean[Math.min(c, spec.mean.length - 1)];
  const std = (c: number) => spec.std[Math.min(c, spec.std.length - 1)];
  crops.forEach((rgb, n) => {
    if (rgb.length !== plane * 3) throw new Error(`crop ${n} has ${rgb.length} bytes, expected ${plane * 3}`);
    const base = n * plane * C;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < C; c++) {
        const px = C === 1 ? gw[0] * rgb[3 * p] + gw[1] * rgb[3 * p + 1] + gw[2] * rgb[3 * p + 2] : rgb[3 * p + order[c]];
        const value = (px * spec.scale - mean(c)) / std(c);
        data[spec.layout === "NHWC" ? base + p * C + c : base + c * plane + p] = value;
      }
    }
  });
  const dims = spec.layout === "NHWC" ? [crops.length, H, W, C] : [crops.length, C, H, W];
  return { data, dims };
}

/** Stacks equal-length rows (a backbone's outputs, one per face) into one [N, dim] input of a head. */
export function rowsToTensor(rows: Float32Array[], dim: number): TensorData {
  const data = new Float32Array(rows.length * dim);
  rows.forEach((row, n) => {
    if (row.length !== dim) throw new Error(`row ${n} has ${row.length} values, expected ${dim}`);
    data.set(row, n * dim);
  });
  return { data, dims: [rows.length, dim] };
}
