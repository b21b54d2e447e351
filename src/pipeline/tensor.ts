import type { TensorData } from "../runtime/backend.ts";
import type { InputSpec } from "../runtime/manifest-schema.ts";

const DEFAULT_GRAY: [number, number, number] = [0.299, 0.587, 0.114];

/**
 * Batches RGB crops (each height x width x 3, 0..255) into one input tensor
 * per the manifest: channel order, value = (pixel·scale − mean) / std, layout.
 * Per-channel constants are hoisted and each layout has its own flat loop
 * (this runs on every crop of every request).
 */
export function cropsToTensor(crops: Uint8Array[], spec: InputSpec): TensorData {
  const { width: W, height: H } = spec;
  const C = spec.colorOrder === "GRAY" ? 1 : 3;
  const plane = W * H;
  const data = new Float32Array(crops.length * plane * C);
  const order = spec.colorOrder === "BGR" ? [2, 1, 0] : [0, 1, 2];
  const [g0, g1, g2] = spec.grayWeights ?? DEFAULT_GRAY;
  const at = (xs: number[], c: number) => xs[Math.min(c, xs.length - 1)];
  const { scale } = spec;
  const [m0, m1, m2] = [0, 1, 2].map((c) => at(spec.mean, c));
  const [s0, s1, s2] = [0, 1, 2].map((c) => at(spec.std, c));
  const [o0, o1, o2] = order;
  const nhwc = spec.layout === "NHWC";
  crops.forEach((rgb, n) => {
    if (rgb.length !== plane * 3) throw new Error(`crop ${n} has ${rgb.length} bytes, expected ${plane * 3}`);
    const base = n * plane * C;
    if (C === 1) {
      for (let p = 0, i = 0; p < plane; p++, i += 3) data[base + p] = ((g0 * rgb[i] + g1 * rgb[i + 1] + g2 * rgb[i + 2]) * scale - m0) / s0;
    } else if (nhwc) {
      for (let p = 0, i = 0, o = base; p < plane; p++, i += 3, o += 3) {
        data[o] = (rgb[i + o0] * scale - m0) / s0;
        data[o + 1] = (rgb[i + o1] * scale - m1) / s1;
        data[o + 2] = (rgb[i + o2] * scale - m2) / s2;
      }
    } else {
      for (let p = 0, i = 0; p < plane; p++, i += 3) {
        data[base + p] = (rgb[i + o0] * scale - m0) / s0;
        data[base + plane + p] = (rgb[i + o1] * scale - m1) / s1;
        data[base + 2 * plane + p] = (rgb[i + o2] * scale - m2) / s2;
      }
    }
  });
  const dims = nhwc ? [crops.length, H, W, C] : [crops.length, C, H, W];
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
