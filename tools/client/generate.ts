/**
 * Writes client/openapi.json (the Worker's OpenAPI document) and
 * client/schema.ts (its TypeScript types) for the typed client.
 * Run after changing a route: npm run client:generate
 * With --check, writes nothing and exits 1 if either file is out of date;
 * --check-document checks client/openapi.json only (it needs no
 * openapi-typescript, which comes with the tools install).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { openApiDocument, stableJson } from "./openapi-document.ts";

const CLIENT = resolve(import.meta.dirname, "../../client");
const documentOnly = process.argv.includes("--check-document");
const doc = await openApiDocument();
const files: Record<string, string> = { "openapi.json": stableJson(doc) };
if (!documentOnly) {
  // A computed specifier: the lean install type-checks without openapi-typescript.
  const schemaTypesModule = "./schema-types.ts";
  const { schemaTypes } = (await import(schemaTypesModule)) as { schemaTypes: (d: Record<string, unknown>) => Promise<string> };
  files["schema.ts"] = await schemaTypes(doc);
}
const read = (name: string) => {
  try {
    return readFileSync(join(CLIENT, name), "utf8");
  } catch {
    return "";
  }
};

if (process.argv.includes("--check") || documentOnly) {
  const stale = Object.entries(files).filter(([name, text]) => read(name) !== text).map(([name]) => `client/${name}`);
  if (stale.length) {
    console.error(`${stale.join(" and ")} differ from the routes' OpenAPI document: run npm run client:generate`);
    process.exit(1);
  }
  console.log(`${Object.keys(files).map((f) => `client/${f}`).join(" and ")} up to date`);
} else {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(CLIENT, name), text);
  console.log(`client/openapi.json and client/schema.ts: ${Object.keys(doc.paths as object).length} paths`);
}
