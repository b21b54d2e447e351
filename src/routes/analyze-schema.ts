import { z } from "@hono/zod-openapi";
import { TASKS } from "../pipeline/types.ts";

/** Options of /v1/analyze (query string, or multipart fields next to `image`). */
export const AnalyzeQuerySchema = z.object({
  tasks: z
    .string()
    .optional()
    .openapi({ description: `Comma-separated subset of ${TASKS.join(", ")}. Default: emotion,age,gender,landmarks (ethnicity and features on request).`, example: "emotion,age,gender" }),
  maxFaces: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "At most this many faces, largest detection score first (default 20).", example: 20 }),
  minFaceSize: z.coerce.number().min(0).max(10000).optional().openapi({ description: "Ignore faces whose box side is smaller, in pixels of the original image (default 24).", example: 24 }),
  emotionModel: z.string().max(100).optional().openapi({ description: "Emotion model id from GET /v1/models (default: the manifest's)." }),
  ageTopL: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "L of the paper's Eq. 1: age is the expectation over the L most probable years." }),
  features: z.enum(["base64", "array"]).optional().openapi({ description: "Encoding of identity features when the features task is on: little-endian float32 base64 (default) or a JSON number array." }),
});

const BoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).openapi("Box");

export const FaceSchema = z
  .object({
    box: BoxSchema.openapi({ description: "Tight detector box in pixels of the original, EXIF-oriented image." }),
    score: z.number().openapi({ description: "Detection confidence 0..1." }),
    landmarks: z.record(z.string(), z.tuple([z.number(), z.number()])).optional().openapi({ description: "Eyes, nose, mouth and ears (subject's right/left), pixels." }),
    emotion: z
      .object({
        model: z.string(),
        label: z.string(),
        scores: z.record(z.string(), z.number()),
        valence: z.number().optional(),
        arousal: z.number().optional(),
      })
      .optional(),
    age: z.object({ years: z.number(), topL: z.number().int(), top: z.array(z.object({ age: z.number(), probability: z.number() })) }).optional(),
    gender: z.object({ label: z.string(), probability: z.number() }).optional(),
    ethnicity: z.object({ label: z.string(), scores: z.record(z.string(), z.number()) }).optional(),
    features: z.union([z.string(), z.array(z.number())]).optional().openapi({ description: "Identity feature vector (float32)." }),
  })
  .openapi("Face");

export const AnalyzeResponseSchema = z
  .object({
    image: z.object({ width: z.number().int(), height: z.number().int(), orientation: z.number().int(), decodedScale: z.number() }),
    faces: z.array(FaceSchema),
    models: z.array(z.object({ id: z.string(), version: z.string() })),
    timings: z.record(z.string(), z.number()).openapi({ description: "Milliseconds per stage of the computation that produced this answer." }),
  })
  .openapi("AnalyzeResult");

export type AnalyzeJson = z.infer<typeof AnalyzeResponseSchema>;
export type FaceJson = z.infer<typeof FaceSchema>;
