import { z } from "@hono/zod-openapi";
import { DEMO_LIMITS } from "../auth/key-record.ts";
import { createKey } from "../auth/key-store.ts";
import { enforce } from "../auth/limit-problem.ts";
import { limiterFor } from "../auth/limiter-object.ts";
import { jsonResponse, PUBLIC_SECURITY, route } from "../http/openapi.ts";
import type { Env } from "../env.ts";
import { problemResponses } from "../http/problem.ts";
import { newRouter } from "../http/router.ts";

const DemoKey = z
  .object({
    key: z.string().openapi({ description: "Send as `Authorization: Bearer <key>`." }),
    expiresAt: z.string(),
    limits: z.object({ requestsPerMinute: z.number().int(), concurrentBatches: z.number().int(), framesPerClip: z.number().int(), bytesPerDay: z.number().int() }),
  })
  .openapi("DemoKey");

const demoKeyRoute = route("post", "/v1/demo/key", "meta", {
  operationId: "createDemoKey",
  summary: "A short-lived API key with tight limits, for the demo page",
  description: "Anyone may ask; each client IP gets a few per minute.",
  security: PUBLIC_SECURITY,
  responses: { 201: jsonResponse("A new key", DemoKey), ...problemResponses("rate_limited") },
});

const number = (raw: string | undefined, fallback: number) => (Number(raw) > 0 ? Number(raw) : fallback);

/** The client's address as Cloudflare reports it (absent locally: one shared bucket). */
const clientIp = (req: Request) => req.headers.get("cf-connecting-ip") ?? "local";

export function demoKeyRoutes() {
  return newRouter().openapi(demoKeyRoute, async (c) => {
    const env: Env = c.env;
    const perMinute = number(env.DEMO_KEYS_PER_MINUTE, 5);
    enforce(await limiterFor(env.LIMITER, `demo-ip:${clientIp(c.req.raw)}`).hit({ requestsPerMinute: perMinute, bytesPerDay: 0 }));
    const ttl = number(env.DEMO_KEY_TTL_SECONDS, 900);
    const { key, record } = await createKey(env.KEYS, "demo", DEMO_LIMITS, ttl);
    return c.json({ key, expiresAt: record.expiresAt!, limits: record.limits }, 201);
  });
}
