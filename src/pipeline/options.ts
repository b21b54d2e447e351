import { TASKS, type AnalyzeOptions, type Task } from "./types.ts";

/**
 * Ethnicity is opt-in: it is the most sensitive estimate, and its model
 * (gear) costs about half of a request's time (bench/RESULTS.md).
 */
export const DEFAULT_TASKS: Task[] = ["emotion", "age", "gender", "landmarks"];
export const DEFAULT_MAX_FACES = 20;
export const DEFAULT_MIN_FACE_SIZE = 24;

export interface RawAnalyzeOptions {
  tasks?: string | string[];
  maxFaces?: number;
  minFaceSize?: number;
  emotionModel?: string;
  ageTopL?: number;
}

/** Fills defaults and checks task names; returns an error message for bad input. */
export function normalizeOptions(raw: RawAnalyzeOptions): AnalyzeOptions | string {
  const list = typeof raw.tasks === "string" ? raw.tasks.split(",") : raw.tasks ?? DEFAULT_TASKS;
  const tasks = [...new Set(list.map((t) => t.trim()).filter(Boolean))];
  const unknown = tasks.filter((t) => !(TASKS as readonly string[]).includes(t));
  if (unknown.length) return `unknown task(s) ${unknown.join(", ")}; known: ${TASKS.join(", ")}`;
  return {
    tasks: (TASKS as readonly Task[]).filter((t) => tasks.includes(t)),
    maxFaces: raw.maxFaces ?? DEFAULT_MAX_FACES,
    minFaceSize: raw.minFaceSize ?? DEFAULT_MIN_FACE_SIZE,
    emotionModel: raw.emotionModel,
    ageTopL: raw.ageTopL,
  };
}
