import type { MiddlewareHandler } from "hono";

/** On every response. */
const ALWAYS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "strict-transport-security": "max-age=63072000; includeSubDomains",
  "cross-origin-opener-policy": "same-origin",
};

/** API answers (JSON, JSONL, problems) are data, never documents: nothing may load or run from them. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Security headers on every response the Worker makes, errors included.
 * HTML pages (docs, demo) keep the Content-Security-Policy their route sets;
 * without one they get `frame-ancestors 'none'`.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    let headers = c.res.headers;
    try {
      headers.set("x-content-type-options", "nosniff");
    } catch {
      // immutable headers (a response passed through from fetch): copy it
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
    }
    for (const [k, v] of Object.entries(ALWAYS)) if (!headers.has(k)) headers.set(k, v);
    const html = /^text\/html/i.test(headers.get("content-type") ?? "");
    if (!headers.has("content-security-policy")) headers.set("content-security-policy", html ? "frame-ancestors 'none'" : API_CSP);
    if (!html && !headers.has("cache-control")) headers.set("cache-control", "no-store");
  };
}
