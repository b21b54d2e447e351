import { DEFAULT_TASKS, TASKS, type Task } from "../tasks/registry.ts";
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
  const list = typeof raw.tasks === "string" ? raw.tasks.split(",") : raw.tasks ?? DEFAULT_TASKS;
  const tasks = [...new Set(list.map((t) => t.trim()).filter(Boolean))];
  const unknown = tasks.filter((t) => !(TASKS as readonly string[]).includes(t));
  if (unknown.length) return `unknown task(s) ${unknown.join(", ")}; known: ${TASKS.join(", ")}`;
  return {
    tasks: TASKS.filter((t: Task) => tasks.includes(t)),
    maxFaces: raw.maxFaces ?? DEFAULT_MAX_FACES,
    minFaceSize: raw.minFaceSize ?? DEFAULT_MIN_FACE_SIZE,
    emotionModel: raw.emotionModel,
    ageTopL: raw.ageTopL,
    ethnicityModel: raw.ethnicityModel,
    ageCalibration: raw.ageCalibration,
  };
}
