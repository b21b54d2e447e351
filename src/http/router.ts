import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppBindings } from "../env.ts";
import { problemResponse } from "./problem.ts";

/** A router whose zod validation failures become `bad_options` problem details. */
export function newRouter() {
  return new OpenAPIHono<AppBindings>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        return problemResponse(c, "bad_options", errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("; "), { errors });
      }
    },
  });
}
