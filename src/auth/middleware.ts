import type { MiddlewareHandler } from "hono";
import type { AppBindings } from "../env.ts";
import { authenticate } from "./authenticate.ts";
import { enforce } from "./limit-problem.ts";
import { limiterFor } from "./limiter-object.ts";

export type RouteTest = (method: string, path: string) => boolean;
export type IsPublicRoute = RouteTest;

/**
 * API routes anyone may call: exactly those whose OpenAPI operation says
 * `security: PUBLIC_SECURITY` (auth/openapi.ts), read from the app's
 * registry, so the document and the middleware cannot disagree; and CORS
 * preflights. Signed upload PUTs carry their own capability (the URL's
 * signature) and check the owner themselves (src/routes/uploads.ts).
 */
export function publicRoutesOf(registry: { definitions: readonly unknown[] }): IsPublicRoute {
  const routes = routesWhere(registry, (r) => r.security?.length === 0);
  return (method, path) => method === "OPTIONS" || routes(method, path);
}

/**
 * OpenAPI extension of a route that charges its body's bytes to the key's
 * daily quota itself, once it knows which part of the body it accepts (clip
 * frames: a retried frame costs nothing). The middleware charges no bytes there.
 */
export const ROUTE_CHARGES_BODY = { "x-body-quota": "charged-by-route" } as const;

export function routesChargingTheirBodyOf(registry: { definitions: readonly unknown[] }): RouteTest {
  return routesWhere(registry, (r) => r["x-body-quota"] === ROUTE_CHARGES_BODY["x-body-quota"]);
}

type RegisteredRoute = { method: string; path: string; security?: unknown[]; [extension: `x-${string}`]: unknown };

function routesWhere(registry: { definitions: readonly unknown[] }, test: (r: RegisteredRoute) => boolean): RouteTest {
  const routes = registry.definitions.flatMap((d) => {
    const r = (d as { type: string; route?: RegisteredRoute }).route;
    if ((d as { type: string }).type !== "route" || !r || !test(r)) return [];
    return [{ method: r.method.toUpperCase(), path: new RegExp(`^${r.path.replace(/\{[^}/]+\}/g, "[^/]+")}$`) }];
  });
  return (method, path) => routes.some((r) => (r.method === method || (r.method === "GET" && method === "HEAD")) && r.path.test(path));
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
export function requireApiKey(isPublic: IsPublicRoute, chargesItsBody: RouteTest = () => false): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    if (isPublic(c.req.method, c.req.path)) return next();
    const key = await authenticate(c.env, c.req.header("authorization"));
    c.set("apiKey", key);
    // A body must fit the byte budget before it is read; routes that charge only what they accept (clip frames) check themselves.
    const need = chargesItsBody(c.req.method, c.req.path) ? 0 : declaredBytes(c.req.raw) || (c.req.raw.body ? 1 : 0);
    const verdict = await limiterFor(c.env.LIMITER, key.id).hit(key.limits, need);
    enforce(verdict);
    c.header("ratelimit-limit", String(key.limits.requestsPerMinute));
    c.header("ratelimit-remaining", String(verdict.remaining));
    c.header("ratelimit-reset", String(verdict.resetSeconds));
    await next();
  };
}

/** Charges `bytes` a route accepted to the key's daily quota (routes marked ROUTE_CHARGES_BODY, which skip the up-front check); 429 if over it. */
export async function chargeAcceptedBytes(c: BodyContext, bytes: number): Promise<void> {
  if (bytes === 0) return;
  const key = c.get("apiKey");
  enforce(await limiterFor(c.env.LIMITER, key.id).chargeBytes(key.limits.bytesPerDay, bytes));
}

type BodyContext = { env: AppBindings["Bindings"]; get: (k: "apiKey") => AppBindings["Variables"]["apiKey"] };

/** Charges the body bytes a route has read (accepted) to the caller's daily budget. */
export async function chargeBodyBytes(c: BodyContext, bytes: number): Promise<void> {
  const key = c.get("apiKey");
  await limiterFor(c.env.LIMITER, key.id).addBytes(bytes);
}
