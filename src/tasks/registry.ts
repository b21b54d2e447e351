import { z } from "zod";
import { ageExpectation } from "../pipeline/age.ts";
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
  age: { years: number; topL: number; top: { age: number; p: number }[]; posterior?: Float32Array };
  gender: { label: string; probability: number };
  ethnicity: { labels: string[]; probs: Float32Array };
  features: Float32Array;
}

const Scores = z.record(z.string(), z.number());

const emotion = defineTask({
  name: "emotion",
  roles: ["emotion", "emotion_features", "valence", "arousal"],
  byDefault: true,
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
  read(face, rows, { ageTopL }) {
    const post = rows("age_posterior");
    if (post) face.age = { ...ageExpectation(post.row, ageTopL, post.spec.offset ?? 0), posterior: post.row };
  },
  json: z.object({ years: z.number(), topL: z.number().int(), top: z.array(z.object({ age: z.number(), probability: z.number() })) }),
  toJson: ({ age: a }) => a && { years: round(a.years, DIGITS.years), topL: a.topL, top: a.top.map((t) => ({ age: t.age, probability: round(t.p) })) },
});

const gender = defineTask({
  name: "gender",
  roles: ["gender"],
  byDefault: true,
  read(face, rows) {
    const g = rows("gender");
    if (!g) return;
    const labels = g.spec.labels ?? ["female", "male"];
    // One sigmoid value is P(labels[1]); otherwise scores over labels.
    const probs = g.row.length === 1 ? [1 - g.row[0], g.row[0]] : Array.from(g.row);
    const best = argmax(probs);
    face.gender = { label: labels[best], probability: probs[best] };
  },
  json: z.object({ label: z.string(), probability: z.number() }),
  toJson: ({ gender: g }) => g && { label: g.label, probability: round(g.probability) },
});

const ethnicity = defineTask({
  name: "ethnicity",
  roles: ["ethnicity"],
  // Opt-in: the most sensitive estimate, and gear costs about half of a request (bench/RESULTS.md).
  byDefault: false,
  read(face, rows) {
    const p = rows("ethnicity");
    if (p) face.ethnicity = { labels: p.spec.labels ?? [], probs: p.row };
  },
  json: z.object({ label: z.string(), scores: Scores }),
  toJson: ({ ethnicity: e }) => e && topLabel(e.labels, e.probs),
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
