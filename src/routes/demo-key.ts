import { z } from "@hono/zod-openapi";
import { clientNetwork } from "../auth/client-network.ts";
import { DEMO_LIMITS } from "../auth/key-record.ts";
import { createKey } from "../auth/key-store.ts";
import { FaceflareError } from "../core/errors.ts";
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
  description:
    "Anyone may ask. Each client network (one IPv4 address, or one IPv6 /64) gets `DEMO_KEYS_PER_MINUTE` keys a minute (default 5), and all clients together `DEMO_KEYS_GLOBAL_PER_MINUTE` (default 60); past either, `429` with `Retry-After`. A key lives `DEMO_KEY_TTL_SECONDS` (default 900); upload URLs it asks for expire with it, and it cannot start a batch that would outlive it.",
  security: PUBLIC_SECURITY,
  responses: { 201: jsonResponse("A new key", DemoKey), ...problemResponses("rate_limited") },
});

const number = (raw: string | undefined, fallback: number) => (Number(raw) > 0 ? Number(raw) : fallback);

/** The client's address as Cloudflare reports it (absent locally: one shared bucket). */
const clientIp = (req: Request) => req.headers.get("cf-connecting-ip");

function refused(limit: string, max: number, retryAfter: number | null, who: string): FaceflareError {
  return new FaceflareError("rate_limited", `${who} may get ${max} demo keys a minute.`, { limit, max, ...(retryAfter === null ? {} : { retryAfter }) });
}

export function demoKeyRoutes() {
  return newRouter().openapi(demoKeyRoute, async (c) => {
    const env: Env = c.env;
    const perNetwork = number(env.DEMO_KEYS_PER_MINUTE, 5);
    const global = number(env.DEMO_KEYS_GLOBAL_PER_MINUTE, 60);
    // The client's own allowance first, so one client's flood is refused
    // there and does not spend everyone's.
    const mine = await limiterFor(env.LIMITER, `demo-net:${clientNetwork(clientIp(c.req.raw))}`).hit({ requestsPerMinute: perNetwork, bytesPerDay: 0 });
    if (!mine.ok) throw refused("demoKeysPerNetwork", perNetwork, mine.retryAfter, "Each client network (an IPv4 address or an IPv6 /64)");
    const all = await limiterFor(env.LIMITER, "demo-global").hit({ requestsPerMinute: global, bytesPerDay: 0 });
    if (!all.ok) throw refused("demoKeysPerMinute", global, all.retryAfter, "All clients together");
    const ttl = number(env.DEMO_KEY_TTL_SECONDS, 900);
    const { key, record } = await createKey(env.KEYS, "demo", DEMO_LIMITS, ttl);
    return c.json({ key, expiresAt: record.expiresAt!, limits: record.limits }, 201);
  });
}
