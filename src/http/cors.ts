import { cors } from "hono/cors";
import type { MiddlewareHandler } from "hono";
import type { AppBindings, Env } from "../env.ts";

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

/** A signed upload URL's path (PUT /v1/uploads/{group}/{item}). */
const UPLOAD_URL_PATH = /^\/v1\/uploads\/[^/]+\/[^/]+$/;

/**
 * The origins allowed to call `url`: a signed upload URL carries its own
 * permission (no key, no cookie), so it has its own list, UPLOAD_CORS_ORIGINS
 * (CORS_ORIGINS when unset), letting a web app on another origin PUT files
 * straight from the browser without opening the rest of the API to it.
 */
export function corsOriginsFor(url: string, env: Pick<Env, "CORS_ORIGINS" | "UPLOAD_CORS_ORIGINS">): string | undefined {
  return UPLOAD_URL_PATH.test(new URL(url).pathname) ? (env.UPLOAD_CORS_ORIGINS ?? env.CORS_ORIGINS) : env.CORS_ORIGINS;
}

export function apiCors(): MiddlewareHandler<AppBindings> {
  return cors({
    origin: (origin, c) => allowedOrigin(origin, c.req.url, corsOriginsFor(c.req.url, (c.env ?? {}) as Env)),
    allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
    allowHeaders: ["authorization", "content-type", "cache-control"],
    exposeHeaders: ["retry-after", "location", "x-faceflare-cache", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"],
    maxAge: 600,
  }) as MiddlewareHandler<AppBindings>;
}
