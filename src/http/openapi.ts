import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { problemResponses, type ProblemCode } from "./problem.ts";

/** Name of the bearer scheme in the OpenAPI document (registered in app.ts). */
export const BEARER_SCHEME = "bearerAuth";

/** `security` of a route anyone may call (the API-key middleware reads it too: auth/middleware.ts). */
export const PUBLIC_SECURITY: Record<string, string[]>[] = [];

/** Request or response content of one JSON schema. */
export const json = <T>(schema: T) => ({ "application/json": { schema } });

/** A response with a JSON body. */
export const jsonResponse = <T>(description: string, schema: T) => ({ description, content: json(schema) });

/** The problem answers of a protected route: its own codes, then a missing key's and a limit's. */
export const protectedErrors = (...codes: ProblemCode[]) => ({ ...problemResponses(...codes), ...problemResponses("unauthorized", "rate_limited") });

/** createRoute with the method, path and tag up front; the rest as createRoute takes it. */
export function route<const M extends RouteConfig["method"], const P extends string, const R extends Omit<RouteConfig, "method" | "path" | "tags">>(method: M, path: P, tag: string, rest: R) {
  return createRoute({ method, path, tags: [tag], ...rest });
}
