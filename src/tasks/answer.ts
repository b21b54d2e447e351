import { z } from "zod";
import { DIGITS, round, roundBox } from "../core/math.ts";
import type { FaceRecord, PipelineResult } from "../pipeline/types.ts";
import type { JsonContext } from "./task.ts";
import { TASK_LIST, taskDef, type TaskValues } from "./registry.ts";

/**
 * The API's answer for one analysed image (/v1/analyze, batch results, the
 * Node tool): the detection's box and score, then each task's property as
 * its registry entry shapes it. Plain zod: the routes' OpenAPI document uses
 * these schemas (`meta.id` names its components).
 */
export const BoxJsonSchema = z
  .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
  .meta({ id: "Box", description: "Tight detector box in pixels of the original, EXIF-oriented image." });
const Box = BoxJsonSchema;

/** Detector fields first, then the tasks' (landmarks, the detector's task, right after them). */
const ORDERED = [...TASK_LIST.filter((t) => t.roles.length === 0), ...TASK_LIST.filter((t) => t.roles.length > 0)];

type TaskShape = { [T in (typeof TASK_LIST)[number] as T["name"]]: z.ZodOptional<T["json"]> };

export const FaceJsonSchema = z
  .object({
    box: Box,
    score: z.number().describe("Detection confidence 0..1."),
    ...(Object.fromEntries(ORDERED.map((t) => [t.name, t.json.optional()])) as TaskShape),
  })
  .meta({ id: "Face" });

export const AnalyzeJsonSchema = z
  .object({
    image: z.object({ width: z.number().int(), height: z.number().int(), orientation: z.number().int(), decodedScale: z.number() }),
    faces: z.array(FaceJsonSchema),
    models: z.array(z.object({ id: z.string(), version: z.string() })),
    timings: z.record(z.string(), z.number()).describe("Milliseconds per stage of the computation that produced this answer."),
  })
  .meta({ id: "AnalyzeResult" });

export type AnalyzeJson = z.infer<typeof AnalyzeJsonSchema>;

/** A face's `emotion` property (schema and serialiser of the registry's emotion task), for answers that are not per face (clip frames, clips). */
export const EmotionJsonSchema = FaceJsonSchema.shape.emotion.unwrap();
export const emotionJson = (emotion: TaskValues["emotion"]) => taskDef("emotion").toJson({ emotion } as FaceRecord, { features: "base64" }) as z.infer<typeof EmotionJsonSchema>;
export type FaceJson = z.infer<typeof FaceJsonSchema>;

function faceJson(f: FaceRecord, ctx: JsonContext): FaceJson {
  const out: Record<string, unknown> = {
    box: roundBox(f.box),
    score: round(f.score),
  };
  for (const task of ORDERED) {
    const value = task.toJson(f, ctx);
    if (value !== undefined) out[task.name] = value;
  }
  return out as FaceJson;
}

/** The API's JSON for one analysed image (also what batches store per image). */
export function toAnalyzeJson(r: PipelineResult, features: JsonContext["features"]): AnalyzeJson {
  return {
    image: { width: r.image.width, height: r.image.height, orientation: r.image.orientation, decodedScale: round(r.image.decodedScale) },
    faces: r.faces.map((f) => faceJson(f, { features })),
    models: r.models,
    timings: Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, round(v, DIGITS.ms)])),
  };
}
