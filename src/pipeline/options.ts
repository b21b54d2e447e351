import { canonicalModelId } from "../runtime/manifest-schema.ts";
import { DEFAULT_TASKS } from "../tasks/registry.ts";
import { TasksSchema } from "../tasks/tasks-option.ts";
import type { AnalyzeOptions } from "./types.ts";

export const DEFAULT_MAX_FACES = 20;
export const DEFAULT_MIN_FACE_SIZE = 24;

export interface RawAnalyzeOptions {
  tasks?: string | string[];
  maxFaces?: number;
  minFaceSize?: number;
  emotionModel?: string;
  ageTopL?: number;
  ethnicityModel?: string;
  ageCalibration?: string;
}

/** Fills defaults and checks task names; returns an error message for bad input. */
export function normalizeOptions(raw: RawAnalyzeOptions): AnalyzeOptions | string {
  const tasks = raw.tasks === undefined ? { success: true as const, data: DEFAULT_TASKS } : TasksSchema.safeParse(raw.tasks);
  if (!tasks.success) return `tasks: ${tasks.error.issues.map((i) => i.message).join("; ")}`;
  return {
    tasks: tasks.data,
    maxFaces: raw.maxFaces ?? DEFAULT_MAX_FACES,
    minFaceSize: raw.minFaceSize ?? DEFAULT_MIN_FACE_SIZE,
    emotionModel: raw.emotionModel === undefined ? undefined : canonicalModelId(raw.emotionModel),
    ageTopL: raw.ageTopL,
    ethnicityModel: raw.ethnicityModel,
    ageCalibration: raw.ageCalibration,
  };
}
