import { z } from "zod";
import { DEFAULT_TASKS, TASKS, type Task } from "./registry.ts";

const optIn = TASKS.filter((t) => !DEFAULT_TASKS.includes(t));

/** What the `tasks` option means, for every route's documentation. */
export const TASKS_DESCRIPTION = `Any of ${TASKS.join(", ")}, as a list or a comma-separated string. Default: ${DEFAULT_TASKS.join(",")} (${optIn.join(" and ")} on request).`;

/** "a, b" and ["a", "b"] (or ["a,b"]: a repeated query field may hold commas too) -> trimmed names. */
function taskNames(value: unknown): unknown {
  if (typeof value === "string") return value.split(",").map((t) => t.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.flatMap((v: string) => taskNames(v) as string[]);
  return value;
}

/**
 * The `tasks` option, one way everywhere (/v1/analyze's query and form
 * fields, batch options): a list or a comma-separated string of task names,
 * deduplicated into the registry's order. Unknown names are refused by name.
 */
export const TasksSchema = z.preprocess(
  taskNames,
  z
    .array(z.string())
    .min(1, "give at least one task")
    .superRefine((names, ctx) => {
      const unknown = [...new Set(names.filter((t) => !(TASKS as readonly string[]).includes(t)))];
      if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown task(s) ${unknown.join(", ")}; known: ${TASKS.join(", ")}` });
    })
    .transform((names): Task[] => TASKS.filter((t) => names.includes(t))),
);
