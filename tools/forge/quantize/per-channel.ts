/** Symmetric per-channel int8: scale_c = max|w_c| / 127, q = round(w / scale_c) in [-127, 127]. */
export interface PerChannelInt8 {
  q: Int8Array;
  scales: Float32Array;
}

export function quantizePerChannel(values: Float32Array, dims: number[], axis: number): PerChannelInt8 {
  const channels = dims[axis];
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number) => Math.floor(i / inner) % channels;
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = channelOf(i);
    const a = Math.abs(values[i]);
    if (a > maxAbs[c]) maxAbs[c] = a;
  }
  // An all-zero channel gets scale 1 so DequantizeLinear never divides by zero semantics.
  const scales = Float32Array.from(maxAbs, (m) => (m > 0 ? m / 127 : 1));
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i] / scales[channelOf(i)]);
    q[i] = v > 127 ? 127 : v < -127 ? -127 : v;
  }
  return { q, scales };
}

/** Inverse of quantizePerChannel (what DequantizeLinear computes). */
export function dequantizePerChannel(p: PerChannelInt8, dims: number[], axis: number): Float32Array {
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channels = dims[axis];
  return Float32Array.from(p.q, (v, i) => v * p.scales[Math.floor(i / inner) % channels]);
}

/** Asymmetric uint8 parameters for an activation range (the range always includes 0). */
export function uint8Params(min: number, max: number): { scale: number; zeroPoint: number } {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (!(hi - lo > 0) || !Number.isFinite(hi - lo)) return { scale: 1, zeroPoint: 0 };
  const scale = Math.fround((hi - lo) / 255);
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  return { scale, zeroPoint };
}
