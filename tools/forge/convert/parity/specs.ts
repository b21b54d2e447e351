import { loadTfGraphModel } from "../../tfjs/load.ts";
import { signatureOf } from "../../tfjs/model-json.ts";
import { faceresSpec } from "../../specs/faceres.ts";
import { emotionFeatureSource } from "../recipes.ts";
import { sourcePath, type ModelId } from "../sources.ts";
import { feedFor } from "./preprocess.ts";
import { loadReference, loadReferenceExpressionNet, loadReferenceGraph } from "./tfjs-reference.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Outputs = Record<string, Float32Array>;

/** How to feed one model and get the same named outputs from the TF.js original. */
export interface ParitySpec {
  size: number;
  channels: 1 | 3;
  /** "faces": one batch of face crops; "images": each whole photo alone (batch 1). */
  inputs: "faces" | "images";
  feed(rgb: Uint8Array): Float32Array;
  /** Reference outputs for a batch: `rgb` raw crops (0..255), `feeds` the ONNX input rows. */
  reference(rgb: Float32Array[], feeds: Float32Array[]): Promise<Outputs>;
}

const strip = (name: string) => name.replace(/:0$/, "");

function stack(rows: Float32Array[]): Float32Array {
  const out = new Float32Array(rows.reduce((a, r) => a + r.length, 0));
  let at = 0;
  for (const r of rows) { out.set(r, at); at += r.length; }
  return out;
}

/** Run a TF.js graph model on a batch and read the named tensors. */
async function runGraph(id: ModelId, spec: { size: number; channels: number }, feeds: Float32Array[], names: Record<string, string>, post?: (tf: any, t: Record<string, any>) => Record<string, any>): Promise<Outputs> {
  const { tf } = await loadReference();
  const model = await loadReferenceGraph(sourcePath(id), spec.size);
  const x = tf.tensor(stack(feeds), [feeds.length, spec.size, spec.size, spec.channels]);
  const keys = Object.keys(names);
  const res = model.execute(x, keys.map((k) => names[k]));
  const byKey: Record<string, any> = Object.fromEntries(keys.map((k, i) => [k, res[i]]));
  const final = post ? post(tf, byKey) : byKey;
  const out: Outputs = {};
  for (const [k, t] of Object.entries(final)) out[k] = Float32Array.from(t.dataSync());
  tf.dispose([x, ...res, ...Object.values(final)]);
  model.dispose();
  return out;
}

function sig(id: ModelId, key: string): string {
  const entry = signatureOf(loadTfGraphModel(sourcePath(id)).json).outputs?.[key];
  if (!entry) throw new Error(`${id}: no signature output ${key}`);
  return strip(entry.name);
}

/** Human's assembly: outputs sorted by size, [cls512|reg512] over [cls384|reg384]. */
async function blazefaceReference(id: ModelId, size: number, feeds: Float32Array[]): Promise<Outputs> {
  const { tf } = await loadReference();
  const model = await loadReferenceGraph(sourcePath(id));
  const x = tf.tensor(stack(feeds), [1, size, size, 3]);
  const res = model.execute(x) as any[];
  const sorted = [...res].sort((a, b) => a.size - b.size);
  const c384 = tf.concat([sorted[0], sorted[2]], 2);
  const c512 = tf.concat([sorted[1], sorted[3]], 2);
  const all = tf.concat([c512, c384], 1);
  const out = { detections: Float32Array.from(all.dataSync()) };
  tf.dispose([x, ...res, c384, c512, all]);
  model.dispose();
  return out;
}

export const PARITY_SPECS: Record<ModelId, ParitySpec> = {
  faceres: {
    size: faceresSpec.input.height, channels: 3, inputs: "faces", feed: feedFor("faceres"),
    reference: (_rgb, feeds) => runGraph("faceres", { size: faceresSpec.input.height, channels: 3 }, feeds, {
      gender: "gender_pred/Sigmoid", age: "age_pred/Softmax", features: "global_pooling/Mean",
    }),
  },
  gear: {
    size: 198, channels: 3, inputs: "faces", feed: feedFor("gear"),
    reference: (_rgb, feeds) => runGraph("gear", { size: 198, channels: 3 }, feeds, {
      race: sig("gear", "race_output"), gender: sig("gear", "gender_output"), age: sig("gear", "age_output"),
    }),
  },
  emotion: {
    size: 64, channels: 1, inputs: "faces", feed: feedFor("emotion"),
    reference: (_rgb, feeds) => runGraph("emotion", { size: 64, channels: 1 }, feeds, {
      emotion: sig("emotion", "Identity:0"), features: emotionFeatureSource(loadTfGraphModel(sourcePath("emotion"))),
    }, (tf, t) => ({ emotion: t.emotion, features: tf.mean(t.features, [1, 2]) })),
  },
  face_expression: {
    size: 112, channels: 3, inputs: "faces", feed: feedFor("face_expression"),
    async reference(rgb) {
      const { tf } = await loadReference();
      const net = await loadReferenceExpressionNet(sourcePath("face_expression"));
      const crops = rgb.map((r) => tf.tensor3d(r, [112, 112, 3]));
      const probs = await net.forward(crops);
      const pooled = await net.faceFeatureExtractor.forward(crops);
      const out = { emotion: Float32Array.from(probs.dataSync()), features: Float32Array.from(pooled.dataSync()) };
      tf.dispose([...crops, probs, pooled]);
      net.dispose();
      return out;
    },
  },
  blazeface: { size: 256, channels: 3, inputs: "images", feed: feedFor("blazeface"), reference: (_r, f) => blazefaceReference("blazeface", 256, f) },
  "blazeface_front": { size: 128, channels: 3, inputs: "images", feed: feedFor("blazeface_front"), reference: (_r, f) => blazefaceReference("blazeface_front", 128, f) },
};
