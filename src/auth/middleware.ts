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

/** Body size the client declared (0 without a Content-Length). */
export function declaredBytes(req: Request): number {
  const n = Number(req.headers.get("content-length"));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * Authenticates the caller and counts the request against its per-minute
 * limit before any route runs. A body must fit the key's byte budget (on its
 * declared length; one byte when it has none) but is not charged here: the
 * route charges what it read (`chargeBodyBytes`), so a body refused before it
 * is read, or that never arrives, costs nothing.
 */
export function requireApiKey(isPublic: IsPublicRoute): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    if (isPublic(c.req.method, c.req.path)) return next();
    const key = await authenticate(c.env, c.req.header("authorization"));
    c.set("apiKey", key);
    const need = declaredBytes(c.req.raw) || (c.req.raw.body ? 1 : 0);
    const verdict = await limiterFor(c.env.LIMITER, key.id).hit(key.limits, need);
    enforce(verdict);
    c.header("ratelimit-limit", String(key.limits.requestsPerMinute));
    c.header("ratelimit-remaining", String(verdict.remaining));
    c.header("ratelimit-reset", String(verdict.resetSeconds));
    await next();
  };
}

type BodyContext = { env: AppBindings["Bindings"]; get: (k: "apiKey") => AppBindings["Variables"]["apiKey"] };

/** Charges the body bytes a route has read (accepted) to the caller's daily budget. */
export async function chargeBodyBytes(c: BodyContext, bytes: number): Promise<void> {
  const key = c.get("apiKey");
  await limiterFor(c.env.LIMITER, key.id).addBytes(bytes);
}

/** @deprecated The old name of chargeBodyBytes (bytes are no longer charged on the declared length). */
export const chargeUndeclaredBytes = chargeBodyBytes;
