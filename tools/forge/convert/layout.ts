// TF filter layouts -> ONNX OIHW.

/** HWIO [kh,kw,ci,co] -> OIHW. */
export function hwioToOihw(src: ArrayLike<number>, kh: number, kw: number, ci: number, co: number): Float32Array {
  const out = new Float32Array(kh * kw * ci * co);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
    out[((o * ci + i) * kh + y) * kw + x] = src[((y * kw + x) * ci + i) * co + o];
  }
  return out;
}

/** Depthwise [kh,kw,C,M] -> [C*M,1,kh,kw] (output channel c*M+m, as TF orders them). */
export function depthwiseToOihw(src: ArrayLike<number>, kh: number, kw: number, c: number, m: number): Float32Array {
  const out = new Float32Array(kh * kw * c * m);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < c; i++) for (let j = 0; j < m; j++) {
    out[((i * m + j) * kh + y) * kw + x] = src[((y * kw + x) * c + i) * m + j];
  }
  return out;
}
