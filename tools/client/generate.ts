/**
 * Writes client/openapi.json (the Worker's OpenAPI document) and
 * client/schema.ts (its TypeScript types) for the typed client.
 * Run after changing a route: npm run client:generate
 * With --check, writes nothing and exits 1 if either file is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { openApiDocument, schemaTypes, stableJson } from "./openapi-document.ts";

const CLIENT = resolve(import.meta.dirname, "../../client");
const doc = await openApiDocument();
const files = { "openapi.json": stableJson(doc), "schema.ts": await schemaTypes(doc) };
const read = (name: string) => {
  try {
    return readFileSync(join(CLIENT, name), "utf8");
  } catch {
    return "";
  }
};

if (process.argv.includes("--check")) {
  const stale = Object.entries(files).filter(([name, text]) => read(name) !== text).map(([name]) => `client/${name}`);
  if (stale.length) {
    console.error(`${stale.join(" and ")} differ from the routes' OpenAPI document: run npm run client:generate`);
    process.exit(1);
  }
  console.log("client/openapi.json and client/schema.ts are up to date");
} else {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(CLIENT, name), text);
  console.log(`client/openapi.json and client/schema.ts: ${Object.keys(doc.paths as object).length} paths`);
}
