import type { TensorData } from "../runtime/backend.ts";
import type { ModelEntry } from "../runtime/manifest-schema.ts";
import { taskDef, type Task } from "../tasks/registry.ts";
import type { ReadContext, RoleRows } from "../tasks/task.ts";
import { outputRow } from "./outputs.ts";
import type { FaceRecord } from "./types.ts";

/** The rows of face `n` in one batched run of `entry`, by output role (read lazily, once each). */
export function roleRows(entry: ModelEntry, out: Record<string, TensorData>, n: number): RoleRows {
  const seen = new Map<string, ReturnType<RoleRows>>();
  return (role) => {
    if (!seen.has(role)) {
      const spec = entry.outputs.find((o) => o.role === role);
      seen.set(role, spec && { row: outputRow(out, spec, n), spec });
    }
    return seen.get(role);
  };
}

/** Each task of `tasks` adds its fields to the face record from one face's output rows (registry entries' `read`). */
export function applyHeads(face: FaceRecord, tasks: readonly Task[], rows: RoleRows, ctx: ReadContext) {
  for (const task of tasks) taskDef(task).read(face, rows, ctx);
}
