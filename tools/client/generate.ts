/**
 * Writes the generated parts of the client package (client/): openapi.json
 * (the Worker's OpenAPI document), src/schema.ts (its TypeScript types) and
 * src/image-formats.ts (the image types the API takes, from
 * src/image/formats.ts, so the package needs nothing from the repository).
 * Run after changing a route: npm run client:generate
 * With --check, writes nothing and exits 1 if any file is out of date;
 * --check-document checks the document and image-formats.ts only (they need
 * no openapi-typescript, which comes with the tools install).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { IMAGE_FORMATS } from "../../src/image/formats.ts";
import { toolArgs } from "../tool-args.ts";
import { openApiDocument, stableJson } from "./openapi-document.ts";

const { values: args } = toolArgs(
  "client:generate",
  `Usage: npm run client:generate [-- --check]

Regenerates client/openapi.json, client/src/schema.ts and client/src/image-formats.ts
from the routes; --check writes nothing and exits 1 if any of them is out of date;
--check-document checks all but src/schema.ts (no tools install needed).`,
  { check: { type: "boolean", default: false }, "check-document": { type: "boolean", default: false } },
);

const CLIENT = resolve(import.meta.dirname, "../../client");
const doc = await openApiDocument();
const formats = `// Generated from src/image/formats.ts by \`npm run client:generate\`; do not edit.
/** The image formats the API accepts, by file extension. */
export const IMAGE_FORMATS = ${JSON.stringify(IMAGE_FORMATS.map(({ mediaType, extensions }) => ({ mediaType, extensions })))} as const;
`;
const files: Record<string, string> = { "openapi.json": stableJson(doc), "src/image-formats.ts": formats };
if (!args["check-document"]) {
  // A computed specifier: the lean install type-checks without openapi-typescript.
  const schemaTypesModule = "./schema-types.ts";
  const { schemaTypes } = (await import(schemaTypesModule)) as { schemaTypes: (d: Record<string, unknown>) => Promise<string> };
  files["src/schema.ts"] = await schemaTypes(doc);
}
const read = (name: string) => {
  try {
    return readFileSync(join(CLIENT, name), "utf8");
  } catch {
    return "";
  }
};
const names = Object.keys(files).map((n) => `client/${n}`).join(", ");

if (args.check || args["check-document"]) {
  const stale = Object.entries(files).filter(([name, text]) => read(name) !== text).map(([name]) => `client/${name}`);
  if (stale.length) {
    console.error(`${stale.join(" and ")} differ from the routes' OpenAPI document: run npm run client:generate`);
    process.exit(1);
  }
  console.log(`${names} are up to date`);
} else {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(CLIENT, name), text);
  console.log(`${names}: ${Object.keys(doc.paths as object).length} paths`);
}
