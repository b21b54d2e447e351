import { cors } from "hono/cors";
import type { MiddlewareHandler } from "hono";
import type { AppBindings } from "../env.ts";

/**
 * CORS for browsers: the Worker's own origin (the demo page) always, plus the
 * origins in CORS_ORIGINS (comma-separated; `*` allows any). Keys travel in
 * the Authorization header, never in cookies, so credentials stay off.
 */
export function allowedOrigin(origin: string, requestUrl: string, configured: string | undefined): string | null {
  if (!origin) return null;
  if (origin === new URL(requestUrl).origin) return origin;
  const list = (configured ?? "").split(",").map((s) => s.trim().replace(/\/$/, "")).filter(Boolean);
  if (list.includes("*")) return origin;
  return list.includes(origin) ? origin : null;
}

export function apiCors(): MiddlewareHandler<AppBindings> {
  return cors({
    origin: (origin, c) => allowedOrigin(origin, c.req.url, (c.env as AppBindings["Bindings"]).CORS_ORIGINS),
    allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
    allowHeaders: ["authorization", "content-type", "cache-control"],
    exposeHeaders: ["retry-after", "location", "x-faceflare-cache", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"],
    maxAge: 600,
  }) as MiddlewareHandler<AppBindings>;
}
