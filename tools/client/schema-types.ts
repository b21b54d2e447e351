import openapiTS, { astToString } from "openapi-typescript";

// openapi-typescript comes with the tools install (tools/package.json): a
// generator for a committed file, not needed to run or test the API.
const HEADER = "// Generated from the OpenAPI document by `npm run client:generate`; do not edit.\n";

/** TypeScript types of the document (openapi-typescript), as client/src/schema.ts holds them. */
export async function schemaTypes(doc: Record<string, unknown>): Promise<string> {
  // defaultNonNullable off: a field with a default may be left out of a request.
  return HEADER + astToString(await openapiTS(doc as never, { defaultNonNullable: false }));
}
