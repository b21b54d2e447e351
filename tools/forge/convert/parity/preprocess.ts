// Each model's input feed from RGB 0..255 HWC pixels (for realistic inputs;
// parity compares both runtimes on the same tensor).

const f = Math.fround;

/** faceres: BGR minus the Caffe mean, 0..255. */
export function faceresFeed(rgb: Float32Array): Float32Array {
  const mean = [103.939, 116.779, 123.68];
  const out = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) for (let c = 0; c < 3; c++) out[i + c] = f(rgb[i + 2 - c] - mean[c]);
  return out;
}

/** gear: RGB 0..1. */
export function gearFeed(rgb: Float32Array): Float32Array {
  return rgb.map((v) => f(v / 255));
}

/** emotion: grayscale of 0..1, then (g - 0.5) * 2; one channel. */
export function emotionFeed(rgb: Float32Array): Float32Array {
  const out = new Float32Array(rgb.length / 3);
  for (let i = 0; i < out.length; i++) {
    const g = (0.2989 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2]) / 255;
    out[i] = (g - 0.5) * 2;
  }
  return out;
}

/** face-api expression: (x - mean) / 255 in float32 steps, exactly as face-api's normalize().div(255). */
export function faceExpressionFeed(rgb: Float32Array): Float32Array {
  const mean = [122.782, 117.001, 104.298].map(f);
  const out = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) out[i] = f(f(rgb[i] - mean[i % 3]) / 255);
  return out;
}

/** blazeface: x / 127.5 - 1. */
export function blazefaceFeed(rgb: Float32Array): Float32Array {
  return rgb.map((v) => f(f(v / 127.5) - 1));
}
