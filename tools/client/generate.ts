/**
 * Writes client/openapi.json (the Worker's OpenAPI document) and
 * client/schema.d.ts (its TypeScript types) for the typed client.
 * Run after changing a route: npm run client:generate
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { openApiDocument, schemaTypes, stableJson } from "./openapi-document.ts";

const CLIENT = resolve(import.meta.dirname, "../../client");
const doc = await openApiDocument();
writeFileSync(join(CLIENT, "openapi.json"), stableJson(doc));
writeFileSync(join(CLIENT, "schema.d.ts"), await schemaTypes(doc));
console.log(`client/openapi.json and client/schema.d.ts: ${Object.keys(doc.paths as object).length} paths`);
