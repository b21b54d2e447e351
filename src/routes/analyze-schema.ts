import { z } from "@hono/zod-openapi";
import { DEFAULT_TASKS, TASK_OPTIONS, TASKS } from "../tasks/registry.ts";

export { AnalyzeJsonSchema as AnalyzeResponseSchema } from "../tasks/answer.ts";

const optIn = TASKS.filter((t) => !DEFAULT_TASKS.includes(t));

/** Options of /v1/analyze (query string, or multipart fields next to `image`). */
export const AnalyzeQuerySchema = z.object({
  tasks: z
    .string()
    .optional()
    .openapi({ description: `Comma-separated subset of ${TASKS.join(", ")}. Default: ${DEFAULT_TASKS.join(",")} (${optIn.join(" and ")} on request).`, example: "emotion,age,gender" }),
  maxFaces: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "At most this many faces, largest detection score first (default 20).", example: 20 }),
  minFaceSize: z.coerce.number().min(0).max(10000).optional().openapi({ description: "Ignore faces whose box side is smaller, in pixels of the original image (default 24).", example: 24 }),
  emotionModel: z.string().max(100).optional().openapi({ description: "Emotion model id from GET /v1/models (default: the manifest's)." }),
  ageTopL: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "L of the paper's Eq. 1: age is the expectation over the L most probable years." }),
  features: z.enum(["base64", "array"]).optional().openapi({ description: "Encoding of identity features when the features task is on: little-endian float32 base64 (default) or a JSON number array." }),
  ...TASK_OPTIONS,
});
