import { topLabel } from "../core/math.ts";
import { z } from "zod";
import { l2Normalise } from "./clip-state.ts";
import { CLIP_MODES } from "./frame-descriptor.ts";

/**
 * What a clip classifier says about itself (written by `npm run train:clip`,
 * served by GET /v1/models): what it was trained on, how it was validated
 * and how its regularisation was chosen. Every field optional, unknown ones
 * kept, so older or hand-made files still load.
 */
export const ClassifierCardSchema = z.looseObject({
  summary: z.string().optional(),
  trainingData: z
    .looseObject({
      description: z.string().optional(),
      clips: z.number().int().optional(),
      groups: z.number().int().optional(),
      groupBy: z.string().optional(),
      perLabel: z.record(z.string(), z.number()).optional(),
    })
    .optional(),
  crossValidation: z
    .looseObject({
      scheme: z.string().optional(),
      folds: z.number().int().optional(),
      accuracy: z.number().optional(),
      macroF1: z.number().optional(),
      perClassRecall: z.record(z.string(), z.number()).optional(),
      confusion: z.object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number())) }).optional(),
    })
    .optional(),
  regularisation: z.looseObject({ l2: z.number().optional(), chosenBy: z.string().optional() }).optional(),
  weaknesses: z.array(z.string()).optional(),
  trainedAt: z.string().optional(),
  command: z.string().optional(),
});

export type ClassifierCard = z.infer<typeof ClassifierCardSchema>;

/**
 * A linear clip classifier as `npm run train:clip` writes it: the clip
 * descriptor is L2-normalised, standardised with (x − mean) / std, then
 * scored by one weight row per label.
 */
export const ClipClassifierSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    kind: z.enum(["logistic", "svm"]).default("logistic"),
    labels: z.array(z.string()).min(2),
    mean: z.array(z.number()),
    std: z.array(z.number().positive()),
    weights: z.array(z.array(z.number())),
    bias: z.array(z.number()),
    descriptorDim: z.number().int().positive(),
    mode: z.enum(CLIP_MODES),
    emotionModel: z.string(),
    cvAccuracy: z.number().optional(),
    card: ClassifierCardSchema.optional(),
  })
  .refine(
    (m) =>
      m.mean.length === m.descriptorDim &&
      m.std.length === m.descriptorDim &&
      m.weights.length === m.labels.length &&
      m.bias.length === m.labels.length &&
      m.weights.every((w) => w.length === m.descriptorDim),
    { message: "classifier arrays do not match descriptorDim and labels" },
  );

export type ClipClassifier = z.infer<typeof ClipClassifierSchema>;

export interface ClassifierResult {
  id: string;
  label: string;
  /** Softmax probabilities (logistic) or decision values (svm), per label. */
  scores: Record<string, number>;
}

/** Raw per-label decision values on an already standardised vector. */
export function linearScores(weights: number[][], bias: number[], z: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  weights.forEach((w, k) => {
    let s = bias[k];
    for (let i = 0; i < w.length; i++) s += w[i] * z[i];
    out[k] = s;
  });
  return out;
}

export function softmax(x: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) max = Math.max(max, x[i]);
  const out = new Float64Array(x.length);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += out[i] = Math.exp(x[i] - max);
  for (let i = 0; i < x.length; i++) out[i] /= sum;
  return out;
}

/** L2-normalise then standardise a clip descriptor, as in training. */
export function prepareDescriptor(model: Pick<ClipClassifier, "mean" | "std">, descriptor: ArrayLike<number>): Float64Array {
  const x = l2Normalise(descriptor);
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - model.mean[i]) / model.std[i];
  return x;
}

export function classifyDescriptor(model: ClipClassifier, descriptor: ArrayLike<number>): ClassifierResult {
  if (descriptor.length !== model.descriptorDim) {
    throw new RangeError(`classifier ${model.id} expects ${model.descriptorDim} values, clip descriptor has ${descriptor.length}`);
  }
  const raw = linearScores(model.weights, model.bias, prepareDescriptor(model, descriptor));
  const values = model.kind === "logistic" ? softmax(raw) : raw;
  return { id: model.id, ...topLabel(model.labels, values) };
}
