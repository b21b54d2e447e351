import { createRoute, z } from "@hono/zod-openapi";
import { ortWasmHeapBytes } from "../runtime/ort-web.ts";
import { newRouter } from "./router.ts";
import { PUBLIC_SECURITY } from "../auth/openapi.ts";

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string(),
    // Read by `npm run bench` (memory section); 0 until the first model loads.
    ortWasmHeapBytes: z.number().int().describe("Size of onnxruntime-web's wasm linear memory in this isolate, bytes"),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/v1/health",
  tags: ["meta"],
  summary: "Liveness check",
  security: PUBLIC_SECURITY,
  responses: { 200: { description: "Service is up", content: { "application/json": { schema: HealthSchema } } } },
});

export function healthRoutes() {
  return newRouter().openapi(route, (c) => c.json({ status: "ok" as const, version: "0.1.0", ortWasmHeapBytes: ortWasmHeapBytes() }, 200));
}
