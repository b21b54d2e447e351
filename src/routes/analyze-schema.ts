import { z } from "@hono/zod-openapi";
import { DEFAULT_MAX_FACES, DEFAULT_MIN_FACE_SIZE } from "../pipeline/options.ts";
import { DEFAULT_TASKS, TASK_OPTIONS, TASKS } from "../tasks/registry.ts";
import { TASKS_DESCRIPTION, TasksSchema } from "../tasks/tasks-option.ts";

export { AnalyzeJsonSchema as AnalyzeResponseSchema } from "../tasks/answer.ts";

/** How `tasks` is documented: a list, sent in a query as `tasks=a,b` (form style, not exploded) or repeated. */
export const TASKS_OPENAPI = { type: "array" as const, items: { type: "string" as const, enum: TASKS }, description: TASKS_DESCRIPTION };

/**
 * Options of /v1/analyze (query string, or multipart fields next to
 * `image`). Strict: an unknown option is refused by name (bad_options).
 */
export const AnalyzeQuerySchema = z
  .object({
    tasks: TasksSchema.optional().openapi({ ...TASKS_OPENAPI, param: { style: "form", explode: false }, example: DEFAULT_TASKS }),
    maxFaces: z.coerce.number().int().min(1).max(100).optional().openapi({ description: `At most this many faces, largest detection score first (default ${DEFAULT_MAX_FACES}). Faces × the models that cut and run every face (heads on another model's features not counted) may be at most 100 (with the shipped models: 50 faces with every task or the default tasks, 33 with \`ethnicityModel=gear\`); more is refused with \`bad_options\`.`, example: DEFAULT_MAX_FACES }),
    minFaceSize: z.coerce.number().min(0).max(10000).optional().openapi({ description: `Ignore faces whose box side is smaller, in pixels of the original image (default ${DEFAULT_MIN_FACE_SIZE}).`, example: DEFAULT_MIN_FACE_SIZE }),
    emotionModel: z.string().max(100).optional().openapi({ description: "Emotion model id from GET /v1/models (default: the manifest's)." }),
    ageTopL: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "L of the paper's Eq. 1: age is the expectation over the L most probable years (default: the manifest's)." }),
    features: z.enum(["base64", "array"]).optional().openapi({ description: "Encoding of identity features when the features task is on: little-endian float32 base64 (default) or a JSON number array." }),
    ...TASK_OPTIONS,
  })
  .strict();
