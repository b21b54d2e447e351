import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppBindings } from "../env.ts";
import { FaceflareError } from "../core/errors.ts";
import { problemResponse } from "./problem.ts";

type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[] };

/**
 * Validation issues as `bad_options` details: one entry per problem, an
 * unknown option named by its own path ("options.max_faces").
 */
export function optionErrors(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): { path: string; message: string }[] {
  return issues.flatMap((i) => {
    const at = [...prefix, ...i.path].map(String);
    if (i.code === "unrecognized_keys" && i.keys?.length) {
      return i.keys.map((k) => ({ path: [...at, k].join("."), message: "unknown option (option names are camelCase)" }));
    }
    return [{ path: at.join("."), message: i.message }];
  });
}

/** A `bad_options` error for these validation issues (hand-parsed fields: multipart). */
export function badOptions(issues: readonly Issue[]): FaceflareError {
  const errors = optionErrors(issues);
  return new FaceflareError("bad_options", errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("; "), { errors });
}

/** `bad_options` naming form fields a route does not take (`hint` says what it does take). */
export function unknownFields(names: readonly string[], hint: string): FaceflareError {
  const errors = names.map((path) => ({ path, message: `unknown field (${hint})` }));
  return new FaceflareError("bad_options", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
}

/** A router whose zod validation failures become `bad_options` problem details. */
export function newRouter() {
  return new OpenAPIHono<AppBindings>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const err = badOptions(result.error.issues as Issue[]);
        return problemResponse(c, "bad_options", err.detail, err.extra);
      }
    },
  });
}
