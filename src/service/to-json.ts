import type { AnalyzeJson, FaceJson } from "../routes/analyze-schema.ts";
import type { FaceRecord, PipelineResult } from "../pipeline/types.ts";
import { argmax } from "../pipeline/outputs.ts";

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function scores(labels: string[], probs: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(labels.map((l, i) => [l, round(probs[i])]));
}

export function float32ToBase64(v: Float32Array): string {
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function faceJson(f: FaceRecord, featuresFormat: "base64" | "array"): FaceJson {
  const out: FaceJson = {
    box: { x: round(f.box.x, 1), y: round(f.box.y, 1), width: round(f.box.width, 1), height: round(f.box.height, 1) },
    score: round(f.score),
  };
  if (Object.keys(f.keypoints).length) out.landmarks = Object.fromEntries(Object.entries(f.keypoints).map(([k, [x, y]]) => [k, [round(x, 1), round(y, 1)]]));
  if (f.emotion) {
    out.emotion = { model: f.emotion.model, label: f.emotion.labels[argmax(f.emotion.probs)], scores: scores(f.emotion.labels, f.emotion.probs) };
    if (f.emotion.valence !== undefined) out.emotion.valence = round(f.emotion.valence);
    if (f.emotion.arousal !== undefined) out.emotion.arousal = round(f.emotion.arousal);
  }
  if (f.age) out.age = { years: round(f.age.years, 1), topL: f.age.topL, top: f.age.top.map((t) => ({ age: t.age, probability: round(t.p) })) };
  if (f.gender) out.gender = { label: f.gender.label, probability: round(f.gender.probability) };
  if (f.ethnicity) out.ethnicity = { label: f.ethnicity.labels[argmax(f.ethnicity.probs)], scores: scores(f.ethnicity.labels, f.ethnicity.probs) };
  if (f.features) out.features = featuresFormat === "array" ? Array.from(f.features) : float32ToBase64(f.features);
  return out;
}

/** The API's JSON for one analysed image (also what batches store per image). */
export function toAnalyzeJson(r: PipelineResult, featuresFormat: "base64" | "array"): AnalyzeJson {
  return {
    image: { width: r.image.width, height: r.image.height, orientation: r.image.orientation, decodedScale: round(r.image.decodedScale) },
    faces: r.faces.map((f) => faceJson(f, featuresFormat)),
    models: r.models,
    timings: Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, round(v, 2)])),
  };
}
