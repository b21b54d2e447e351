import { z } from "zod";
import { ageExpectation } from "../pipeline/age.ts";
import { calibratedAge, softenedProbability } from "../pipeline/calibration.ts";
import { argmax, DIGITS, round, topLabel } from "../core/math.ts";
import { toBase64 } from "../core/bytes.ts";
import { defineTask, type TaskDef } from "./task.ts";

/**
 * The task registry: one entry per task, in the order tasks are planned and
 * listed. The manifest schema (task names, defaults, output roles), the
 * pipeline's heads, the answer's JSON and the OpenAPI schema all derive from
 * it. To add a task or a head: add its entry here (and its field to
 * TaskValues), a default model for it in models/manifest.json, and that
 * model's outputs with the roles the entry reads.
 */

/** What each model-answered task adds to a face record (src/pipeline/types.ts FaceRecord). */
export interface TaskValues {
  emotion: { model: string; labels: string[]; probs: Float32Array; features?: Float32Array; valence?: number; arousal?: number };
  age: { years: number; topL: number; top: { age: number; p: number }[]; posterior?: Float32Array; calibration?: AgeCalibrationUsed };
  gender: { label: string; probability: number; reliable?: boolean };
  ethnicity: { model: string; labels: string[]; probs: Float32Array };
  features: Float32Array;
}

/** Which calibration changed an age, and the Eq. 1 estimate it started from. */
export interface AgeCalibrationUsed {
  id: string;
  eq1Years: number;
  license: string;
  nonCommercial: boolean;
}

const Scores = z.record(z.string(), z.number());
/** A model or calibration id given in a request. */
/** A model or calibration id option; the example is one the shipped manifest accepts (Swagger UI's Try it out sends it). */
const IdOption = (description: string, example: string) => z.string().max(100).optional().meta({ description, example });

const emotion = defineTask({
  name: "emotion",
  roles: ["emotion", "emotion_features", "valence", "arousal"],
  byDefault: true,
  // Its schema predates task options: src/routes/analyze-schema.ts.
  modelOption: "emotionModel",
  read(face, rows, { model }) {
    const probs = rows("emotion");
    if (!probs) return;
    face.emotion = { model: model.id, labels: probs.spec.labels ?? [], probs: probs.row, features: rows("emotion_features")?.row };
    const v = rows("valence");
    const a = rows("arousal");
    if (v) face.emotion.valence = v.row[0];
    if (a) face.emotion.arousal = a.row[0];
  },
  json: z.object({ model: z.string(), label: z.string(), scores: Scores, valence: z.number().optional(), arousal: z.number().optional() }),
  toJson({ emotion: e }) {
    if (!e) return undefined;
    return {
      model: e.model,
      ...topLabel(e.labels, e.probs),
      ...(e.valence !== undefined ? { valence: round(e.valence) } : {}),
      ...(e.arousal !== undefined ? { arousal: round(e.arousal) } : {}),
    };
  },
});

const age = defineTask({
  name: "age",
  roles: ["age_posterior"],
  byDefault: true,
  options: {
    ageCalibration: IdOption(
      "An age calibration from GET /v1/models (`calibrations`) to apply to the Eq. 1 estimate, at the L it was fitted at (default: none, the paper's Eq. 1). The answer names it; one trained on non-commercial data is flagged `nonCommercial: true`.",
      "faceres_age_fairface",
    ),
  },
  read(face, rows, { ageTopL, ageCalibration: cal }) {
    const post = rows("age_posterior");
    if (!post) return;
    face.age = { ...ageExpectation(post.row, ageTopL, post.spec.offset ?? 0), posterior: post.row };
    if (cal && cal.entry.topL === ageTopL) {
      face.age.calibration = { id: cal.entry.id, eq1Years: face.age.years, license: cal.entry.license, nonCommercial: cal.entry.nonCommercial };
      face.age.years = calibratedAge(cal.file.map, face.age.years);
    }
  },
  json: z.object({
    years: z.number(),
    topL: z.number().int(),
    top: z.array(z.object({ age: z.number(), probability: z.number() })),
    calibration: z
      .object({
        id: z.string(),
        eq1Years: z.number().describe("The paper's Eq. 1 estimate before calibration."),
        license: z.string(),
        nonCommercial: z.boolean().describe("True when the calibration was learnt from data licensed for non-commercial research only."),
      })
      .optional()
      .describe("Present when the request asked for `ageCalibration`: `years` is then the calibrated age."),
  }),
  toJson: ({ age: a }) =>
    a && {
      years: round(a.years, DIGITS.years),
      topL: a.topL,
      top: a.top.map((t) => ({ age: t.age, probability: round(t.p) })),
      ...(a.calibration ? { calibration: { ...a.calibration, eq1Years: round(a.calibration.eq1Years, DIGITS.years) } } : {}),
    },
});

const gender = defineTask({
  name: "gender",
  roles: ["gender"],
  byDefault: true,
  read(face, rows, { genderReliability: rule }) {
    const g = rows("gender");
    if (!g) return;
    const labels = g.spec.labels ?? ["female", "male"];
    // One sigmoid value is P(labels[1]); otherwise scores over labels.
    const probs = g.row.length === 1 ? [1 - g.row[0], g.row[0]] : Array.from(g.row);
    const best = argmax(probs);
    face.gender = { label: labels[best], probability: probs[best] };
    // The model's rule: faces whose Eq. 1 age (at the rule's L) is below its threshold are near chance.
    const post = rule && rows("age_posterior");
    if (rule && post) {
      const reliable = ageExpectation(post.row, rule.input.topL, post.spec.offset ?? 0).years >= rule.unreliableBelowAge;
      face.gender.reliable = reliable;
      if (!reliable) face.gender.probability = softenedProbability(probs[best], rule.temperature);
    }
  },
  json: z.object({
    label: z.string(),
    probability: z.number(),
    reliable: z
      .boolean()
      .optional()
      .describe(
        "False when the face looks younger than the gender model can judge (faceres: an Eq. 1 age under 16, where its accuracy falls to 55-66%); `probability` is then softened towards 0.5 to match. Absent for a gender model without such a rule.",
      ),
  }),
  toJson: ({ gender: g }) => g && { label: g.label, probability: round(g.probability), ...(g.reliable !== undefined ? { reliable: g.reliable } : {}) },
});

const ethnicity = defineTask({
  name: "ethnicity",
  roles: ["ethnicity"],
  // Opt-in: the most sensitive estimate of all.
  byDefault: false,
  options: {
    ethnicityModel: IdOption("Ethnicity model id from GET /v1/models (default: the manifest's, a head on faceres's features; `gear` is a separate CNN).", "faceres_ethnicity"),
  },
  modelOption: "ethnicityModel",
  read(face, rows, { model }) {
    const p = rows("ethnicity");
    if (p) face.ethnicity = { model: model.id, labels: p.spec.labels ?? [], probs: p.row };
  },
  json: z.object({ model: z.string(), label: z.string(), scores: Scores }),
  toJson: ({ ethnicity: e }) => e && { model: e.model, ...topLabel(e.labels, e.probs) },
});

const features = defineTask({
  name: "features",
  roles: ["identity_features"],
  byDefault: false,
  read(face, rows) {
    const f = rows("identity_features");
    if (f) face.features = f.row;
  },
  json: z.union([z.string(), z.array(z.number())]).describe("Identity feature vector (float32)."),
  toJson: ({ features: f }, { features: format }) => f && (format === "array" ? Array.from(f) : toBase64(new Uint8Array(f.buffer, f.byteOffset, f.byteLength))),
});

/** The detector's keypoints; no model of its own (and no alignment without them). */
const landmarks = defineTask({
  name: "landmarks",
  roles: [],
  byDefault: true,
  read() {},
  json: z.record(z.string(), z.tuple([z.number(), z.number()])).describe("Eyes, nose, mouth and ears (subject's right/left), pixels."),
  toJson: ({ keypoints }) =>
    Object.keys(keypoints).length ? Object.fromEntries(Object.entries(keypoints).map(([k, [x, y]]) => [k, [round(x, DIGITS.pixels), round(y, DIGITS.pixels)]])) : undefined,
});

/** Every task, in planning order. */
export const TASK_LIST = [emotion, age, gender, ethnicity, features, landmarks] as const;

export type Task = (typeof TASK_LIST)[number]["name"];
export const TASKS = TASK_LIST.map((t) => t.name) as [Task, ...Task[]];
export const DEFAULT_TASKS: Task[] = TASK_LIST.filter((t) => t.byDefault).map((t) => t.name);

/** Tasks a face model answers, i.e. that read some output role (each has a default model in the manifest). */
type ModelTaskOf<T> = T extends { name: infer N; roles: readonly (infer R)[] } ? ([R] extends [never] ? never : N) : never;
export type ModelTask = ModelTaskOf<(typeof TASK_LIST)[number]>;
export const MODEL_TASKS = TASK_LIST.filter((t) => t.roles.length > 0).map((t) => t.name) as [ModelTask, ...ModelTask[]];

/** Output roles a manifest may declare: the tasks' and the detector's, and `other` for outputs nobody reads. */
export type OutputRole = (typeof TASK_LIST)[number]["roles"][number] | "detections" | "other";
export const OUTPUT_ROLES = ["detections", ...new Set(TASK_LIST.flatMap((t): readonly OutputRole[] => t.roles)), "other"] as [OutputRole, ...OutputRole[]];

export const taskDef = (name: Task): TaskDef => TASK_LIST.find((t) => t.name === name)!;

/** Every task's request options (ethnicityModel, ageCalibration, ...), for the analyze and batch option schemas. */
export const TASK_OPTIONS: Record<string, z.ZodType<string | undefined>> = Object.assign({}, ...TASK_LIST.map((t: TaskDef) => t.options ?? {}));
