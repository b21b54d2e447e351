import { register } from "node:module";

/** The committed document's `servers`: `npm run dev`'s address (a served document names its own origin). */
export const DOCUMENT_ORIGIN = "http://localhost:8787";

/** The Worker's OpenAPI document, read from the app itself (as GET /openapi.json serves it). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  register(new URL("./stub-worker-imports.mjs", import.meta.url));
  const { buildApp } = await import("../../src/app.ts");
  // An empty env: the middleware in front of /openapi.json only reads vars.
  const res = await buildApp().request(`${DOCUMENT_ORIGIN}/openapi.json`, {}, {});
  if (!res.ok) throw new Error(`/openapi.json: HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

export const stableJson = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;
