import { z } from "@hono/zod-openapi";
import { DEFAULT_MAX_FACES, DEFAULT_MIN_FACE_SIZE } from "../pipeline/options.ts";
import { DEFAULT_TASKS, TASK_OPTIONS, TASKS } from "../tasks/registry.ts";
import { TASKS_DESCRIPTION, TasksSchema } from "../tasks/tasks-option.ts";

/**
 * Analysis options a batch applies to every image: the same names, meanings
 * and defaults as /v1/analyze, as a JSON object (`tasks` a list or a
 * comma-separated string, stored as a list). Strict: unknown options are
 * refused by name.
 */
export const BatchOptionsSchema = z
  .object({
    tasks: TasksSchema.default(DEFAULT_TASKS).openapi({
      oneOf: [{ type: "array", items: { type: "string", enum: TASKS }, minItems: 1 }, { type: "string", example: "emotion,age" }],
      description: TASKS_DESCRIPTION,
      default: DEFAULT_TASKS,
    }),
    maxFaces: z.number().int().min(1).max(100).default(DEFAULT_MAX_FACES),
    minFaceSize: z.number().min(0).max(10000).default(DEFAULT_MIN_FACE_SIZE),
    emotionModel: z.string().min(1).max(100).optional(),
    ageTopL: z.number().int().min(1).max(100).optional(),
    features: z.enum(["base64", "array"]).default("base64"),
    ...TASK_OPTIONS,
  })
  .strict()
  .openapi("BatchOptions");

export type BatchOptions = z.infer<typeof BatchOptionsSchema>;
