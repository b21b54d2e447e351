import type { MiddlewareHandler } from "hono";
import type { AppBindings } from "../env.ts";
import { authenticate } from "./authenticate.ts";
import { enforce } from "./limit-problem.ts";
import { limiterFor } from "./limiter-object.ts";

export type IsPublicRoute = (method: string, path: string) => boolean;

/**
 * API routes anyone may call: exactly those whose OpenAPI operation says
 * `security: PUBLIC_SECURITY` (auth/openapi.ts), read from the app's
 * registry, so the document and the middleware cannot disagree; and CORS
 * preflights. Signed upload PUTs carry their own capability (the URL's
 * signature) and check the owner themselves (src/routes/uploads.ts).
 */
export function publicRoutesOf(registry: { definitions: readonly unknown[] }): IsPublicRoute {
  const routes = registry.definitions.flatMap((d) => {
    const r = (d as { type: string; route?: { method: string; path: string; security?: unknown[] } }).route;
    if ((d as { type: string }).type !== "route" || !r || r.security?.length !== 0) return [];
    return [{ method: r.method.toUpperCase(), path: new RegExp(`^${r.path.replace(/\{[^}/]+\}/g, "[^/]+")}$`) }];
  });
  return (method, path) => method === "OPTIONS" || routes.some((r) => (r.method === method || (r.method === "GET" && method === "HEAD")) && r.path.test(path));
}

/** Body size the client declared; the route charges the rest once it has read a body sent without one. */
export function declaredBytes(req: Request): number {
  const n = Number(req.headers.get("content-length"));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * Authenticates the caller and counts the request against its per-minute
 * and per-day limits before any route runs.
 */
export function requireApiKey(isPublic: IsPublicRoute): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    if (isPublic(c.req.method, c.req.path)) return next();
    const key = await authenticate(c.env, c.req.header("authorization"));
    c.set("apiKey", key);
    const verdict = await limiterFor(c.env.LIMITER, key.id).hit(key.limits, declaredBytes(c.req.raw));
    enforce(verdict);
    c.header("ratelimit-limit", String(key.limits.requestsPerMinute));
    c.header("ratelimit-remaining", String(verdict.remaining));
    c.header("ratelimit-reset", String(verdict.resetSeconds));
    await next();
  };
}

/** For routes that read a body sent without Content-Length: count its bytes now. */
export async function chargeUndeclaredBytes(c: { req: { raw: Request }; env: AppBindings["Bindings"]; get: (k: "apiKey") => AppBindings["Variables"]["apiKey"] }, bytes: number): Promise<void> {
  if (declaredBytes(c.req.raw) > 0 || bytes === 0) return;
  const key = c.get("apiKey");
  enforce(await limiterFor(c.env.LIMITER, key.id).chargeBytes(key.limits.bytesPerDay, bytes));
}
