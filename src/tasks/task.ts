import type { z } from "zod";
import type { CalibrationEntry, ModelEntry, OutputSpec } from "../runtime/manifest-schema.ts";
import type { AgeCalibration, GenderReliability } from "../pipeline/calibration.ts";
import type { FaceRecord } from "../pipeline/types.ts";

/** One face's row of a model output, found by its role (see OutputSpec.role), with the manifest's spec. */
export type RoleRow = { row: Float32Array; spec: OutputSpec };
export type RoleRows = (role: string) => RoleRow | undefined;

export interface ReadContext {
  /** The model whose outputs are being read. */
  model: ModelEntry;
  /** L of the paper's Eq. 1 (the request's, else the manifest's). */
  ageTopL: number;
  /** The age calibration the request asked for (the planner checked it is of this model at ageTopL). */
  ageCalibration?: { entry: CalibrationEntry; file: AgeCalibration };
  /** The gender model's rule for faces it cannot judge (children). */
  genderReliability?: GenderReliability;
}

export interface JsonContext {
  features: "base64" | "array";
}

/**
 * One task: everything the pipeline, the manifest, the answer and the
 * OpenAPI document need to know about it (transformers.js's SUPPORTED_TASKS,
 * InsightFace's heads). Adding a task is adding one of these (plus its model).
 */
export interface TaskDef<Name extends string = string, Role extends string = string, Json extends z.ZodType = z.ZodType> {
  name: Name;
  /**
   * Model output roles the task reads. The model that answers it is
   * `manifest.defaults[name]` (emotion: overridable per request) and must list
   * the task in its `tasks`; empty for a task the detector answers.
   */
  roles: readonly Role[];
  /** In the default task set of /v1/analyze and batches. */
  byDefault: boolean;
  /**
   * Request options of this task (name → schema of its string value), added
   * to the options of /v1/analyze (query and form fields) and of batches.
   */
  options?: Record<string, z.ZodType<string | undefined>>;
  /** The request option that picks this task's model by id instead of the manifest's default. */
  modelOption?: string;
  /** Adds the task's fields to one face record from that face's output rows; a model without the roles adds nothing. */
  read(face: FaceRecord, rows: RoleRows, ctx: ReadContext): void;
  /** The face JSON property named `name`: its schema (plain zod; routes add OpenAPI names) and serialiser (undefined: left out). */
  json: Json;
  toJson(face: FaceRecord, ctx: JsonContext): z.output<Json> | undefined;
}

/** Keeps each entry's literal name, roles and JSON schema (so the registry's names, roles and answer are typed). */
export const defineTask = <const Name extends string, const Role extends string, Json extends z.ZodType>(t: TaskDef<Name, Role, Json>) => t;
