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

const ModelId = z.string().regex(MODEL_ID, "model ids are lowercase snake_case: a-z, 0-9 and _");

/** What every model entry has, whatever it is fed. */
const EntryFields = {
  id: ModelId,
  version: z.string(),
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
  outputs: z.array(OutputSpec),
  /**
   * Most faces per inference run. Activations grow with the batch and the
   * wasm heap never shrinks, so this bounds a model's peak memory (measured:
   * gear needs ~19 MiB of activations per face, faceres ~6.5).
   */
  maxBatch: z.number().int().positive().default(8),
  card: ModelCard,
};

const { id, version, tasks, file, availability, sha256, bytes, precision, license, source, outputs, maxBatch, card } = EntryFields;

/** A model fed pixels: a detector (the whole image) or a face model (each face cut per `crop`). */
export const ImageModelEntry = z.object({
  id,
  version,
  /** What the model is used for by the pipeline. */
  kind: z.enum(["detector", "face"]),
  tasks,
  file,
  availability,
  sha256,
  bytes,
  precision,
  license,
  source,
  input: InputSpec,
  crop: CropSpec,
  outputs,
  detector: DetectorSpec.optional(),
  maxBatch,
  card,
});
export type ImageModelEntry = z.infer<typeof ImageModelEntry>;

/**
 * A head: a model fed another model's output rows instead of a crop (the
 * paper's attributes as layers on one backbone). The pipeline runs the
 * backbone for every face that needs the head and feeds the head the rows of
 * the backbone's output with role `backbone.output`, [N, ...input.dims].
 */
export const HeadEntry = z.object({
  id,
  version,
  kind: z.literal("head"),
  backbone: z.object({ model: ModelId, output: z.enum(OUTPUT_ROLES) }),
  tasks,
  file,
  availability,
  sha256,
  bytes,
  precision,
  license,
  source,
  input: z.object({ name: z.string(), dims: z.tuple([z.number().int().positive()]) }),
  outputs,
  maxBatch,
  card,
});
export type HeadEntry = z.infer<typeof HeadEntry>;

export const ModelEntry = z.discriminatedUnion("kind", [ImageModelEntry, HeadEntry]);
export type ModelEntry = z.infer<typeof ModelEntry>;

/**
 * A small adjustment of one model's outputs, learnt elsewhere (tools/heads),
 * stored as JSON in the models bucket under `file` (sha256-checked like a
 * model): `age-calibration` maps the Eq. 1 age (asked for per request),
 * `gender-reliability` flags and softens gender where the model is weak
 * (always applied to its model's gender answers).
 */
export const CalibrationEntry = z.object({
  id: ModelId,
  kind: z.enum(["age-calibration", "gender-reliability"]),
  /** The model whose outputs it adjusts. */
  model: ModelId,
  /** The L of Eq. 1 it was fitted at: an age calibration applies only at this L. */
  topL: z.number().int().positive(),
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  license: z.string(),
  /** Learnt from non-commercial data: applied only when asked for, and flagged in the answer. */
  nonCommercial: z.boolean().default(false),
  card: z.object({
    summary: z.string(),
    trainedOn: z.string(),
    weaknesses: z.array(z.string()).default([]),
    metrics: z.array(Metric).default([]),
  }),
});
export type CalibrationEntry = z.infer<typeof CalibrationEntry>;

export const Manifest = z.object({
  schema: z.literal(1),
  /** Default model id per task. */
  defaults: z.object({ detector: z.string(), ...(Object.fromEntries(MODEL_TASKS.map((t) => [t, z.string()])) as Record<ModelTask, z.ZodString>) }),
  /** Paper Eq. 1: age = expectation over the top-L classes. */
  ageTopL: z.number().int().positive(),
  models: z.array(ModelEntry),
  calibrations: z.array(CalibrationEntry).default([]),
});
export type Manifest = z.infer<typeof Manifest>;
