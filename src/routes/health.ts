import { z } from "@hono/zod-openapi";
import { newRouter } from "../http/router.ts";
import { jsonResponse, PUBLIC_SECURITY, route } from "../http/openapi.ts";

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string(),
  })
  .openapi("Health");

const healthRoute = route("get", "/v1/health", "meta", {
  operationId: "getHealth",
  summary: "Liveness check",
  security: PUBLIC_SECURITY,
  responses: { 200: jsonResponse("Service is up", HealthSchema) },
});

export function healthRoutes() {
  return newRouter().openapi(healthRoute, (c) => c.json({ status: "ok" as const, version: "0.1.0" }, 200));
}
