import { z } from "zod";
import { MODEL_TASKS, OUTPUT_ROLES, type ModelTask } from "../tasks/registry.ts";

/**
 * models/manifest.json: everything the runtime knows about a model. Nothing
 * about a model is hard-coded elsewhere: pre-processing, crop, output meaning
 * and labels all come from here, so a user-added model is served like ours.
 */

/** value = (pixel * scale - mean[c]) / std[c], pixel in 0..255, channels in `colorOrder`. */
export const InputSpec = z.object({
  name: z.string(),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  layout: z.enum(["NHWC", "NCHW"]),
  colorOrder: z.enum(["RGB", "BGR", "GRAY"]),
  scale: z.number(),
  mean: z.array(z.number()).min(1).max(3),
  std: z.array(z.number()).min(1).max(3),
  /** Grayscale weights when colorOrder is GRAY (applied to R, G, B). */
  grayWeights: z.tuple([z.number(), z.number(), z.number()]).optional(),
});
export type InputSpec = z.infer<typeof InputSpec>;

/**
 * How a face is cut for a model. `box` is the tight detector box; `scale`
 * enlarges it around its centre (1 = no margin, the paper's finding);
 * `square` makes it square on its longer side; `align` rotates so the eyes
 * are level. `whole` feeds the whole image (detectors), letterboxed when
 * `letterbox` is set (padded bottom/right to a square).
 */
export const CropSpec = z.object({
  kind: z.enum(["face", "whole"]),
  scale: z.number().positive().default(1),
  square: z.boolean().default(false),
  align: z.boolean().default(true),
  /** Vertical shift of the crop centre, as a fraction of the box height (positive = down). */
  shiftY: z.number().default(0),
  letterbox: z.boolean().default(false),
  /** How the choice was made (measurement and command). */
  chosenBy: z.string().optional(),
});
export type CropSpec = z.infer<typeof CropSpec>;

/**
 * What one output (or a slice of one, for models that pack several heads in
 * one tensor) means. `activation` is applied by the runtime when the model
 * emits logits.
 */
export const OutputSpec = z.object({
  name: z.string(),
  /**
   * What it means: `detections` (BlazeFace rows: [score logit, cx, cy, w, h,
   * keypoints x,y]), a role a task of src/tasks/registry.ts reads (e.g.
   * `emotion` scores over `labels`, `age_posterior` over years, `gender` as
   * `labels` scores or one sigmoid value = P(labels[1])), or `other`.
   */
  role: z.enum(OUTPUT_ROLES),
  labels: z.array(z.string()).optional(),
  activation: z.enum(["none", "softmax", "sigmoid", "tanh"]).default("none"),
  /** [start, end) along the last axis, when several heads share one tensor. */
  slice: z.tuple([z.number().int(), z.number().int()]).optional(),
  dims: z.array(z.number().int()).optional(),
  /** For age_posterior: years = class index + offset. */
  offset: z.number().optional(),
});
export type OutputSpec = z.infer<typeof OutputSpec>;

export const DetectorSpec = z.object({
  type: z.literal("blazeface"),
  /** Anchor layers in output-row order: feature-map size and anchors per cell. */
  anchors: z.array(z.object({ grid: z.number().int(), perCell: z.number().int() })),
  keypoints: z.array(z.string()),
  scoreThreshold: z.number(),
  iouThreshold: z.number(),
  /** Boxes are predicted in input pixels; this converts them to the tight face box. */
  boxScale: z.number().default(1),
});
export type DetectorSpec = z.infer<typeof DetectorSpec>;

export const Metric = z.object({
  name: z.string(),
  value: z.number(),
  unit: z.string().optional(),
  dataset: z.string(),
  n: z.number().int().optional(),
  command: z.string(),
  measuredAt: z.string().optional(),
});

export const ModelCard = z.object({
  summary: z.string(),
  trainedOn: z.string(),
  intendedUse: z.string(),
  weaknesses: z.array(z.string()),
  metrics: z.array(Metric).default([]),
  /** int8 vs fp32 and fp32 vs original agreement. */
  parity: z.record(z.string(), z.number()).default({}),
  paperComparison: z.string().optional(),
});

/**
 * The naming rule for model ids (README, "Names"): lowercase snake_case, as
 * HSEmotion names its models (`enet_b0_8_best_afew`).
 */
export const MODEL_ID = /^[a-z0-9][a-z0-9_]*$/;

/**
 * A requested model id in the rule's spelling: `-` reads as `_`, so ids from
 * before the rule (`blazeface-front`) stay accepted as aliases.
 */
export const canonicalModelId = (id: string) => id.replaceAll("-", "_");

export const ModelEntry = z.object({
  id: z.string().regex(MODEL_ID, "model ids are lowercase snake_case: a-z, 0-9 and _"),
  version: z.string(),
  /** What the model is used for by the pipeline. */
  kind: z.enum(["detector", "face"]),
  /** Tasks this model can answer (a face model may serve several). */
  tasks: z.array(z.enum(["detect", ...MODEL_TASKS])),
  file: z.string(),
  /**
   * bundled: shipped in models/ (sha256 and bytes required). user-supplied:
   * a published file the user adds to the bucket under `file`; served when
   * present, verified when sha256 is given.
   */
  availability: z.enum(["bundled", "user-supplied"]).default("bundled"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  bytes: z.number().int().positive().optional(),
  precision: z.enum(["fp32", "int8-weights", "int8-qdq"]),
  license: z.string(),
  source: z.object({ package: z.string(), path: z.string().optional(), upstream: z.string().optional(), notes: z.string().optional() }),
  input: InputSpec,
  crop: CropSpec,
  outputs: z.array(OutputSpec),
  detector: DetectorSpec.optional(),
  /**
   * Most faces per inference run. Activations grow with the batch and the
   * wasm heap never shrinks, so this bounds a model's peak memory (measured:
   * gear needs ~19 MiB of activations per face, faceres ~6.5).
   */
  maxBatch: z.number().int().positive().default(8),
  card: ModelCard,
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const Manifest = z.object({
  schema: z.literal(1),
  /** Default model id per task. */
  defaults: z.object({ detector: z.string(), ...(Object.fromEntries(MODEL_TASKS.map((t) => [t, z.string()])) as Record<ModelTask, z.ZodString>) }),
  /** Paper Eq. 1: age = expectation over the top-L classes. */
  ageTopL: z.number().int().positive(),
  models: z.array(ModelEntry),
});
export type Manifest = z.infer<typeof Manifest>;
