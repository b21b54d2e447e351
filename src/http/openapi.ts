import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
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

/** The query of a route that takes no options: any parameter is an unknown option (400 bad_options). */
const NO_QUERY = z.object({}).strict();

type RouteRest = Omit<RouteConfig, "method" | "path" | "tags" | "operationId"> & {
  /** The SDK method name (camelCase verb + noun): every operation has one. */
  operationId: string;
};

/**
 * createRoute with the method, path and tag up front; the rest as createRoute
 * takes it, plus a required operationId. Query strings are strict: a route
 * without query options still refuses unknown parameters by name.
 */
export function route<const M extends RouteConfig["method"], const P extends string, const R extends RouteRest>(method: M, path: P, tag: string, rest: R) {
  const request = { ...rest.request, query: rest.request?.query ?? NO_QUERY } as R["request"] & { query: NonNullable<RouteConfig["request"]>["query"] };
  return createRoute({ method, path, tags: [tag], ...rest, request } as R & { method: M; path: P; tags: string[]; request: typeof request });
}
