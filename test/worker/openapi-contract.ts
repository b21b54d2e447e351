import { Validator } from "@cfworker/json-schema";

// Checks a real response against what the OpenAPI document says the
// operation answers: a documented status, its media type and its schema
// (JSON Schema 2020-12, $refs into the document's components).

type Json = any;
export type OpenApiDoc = { openapi: string; paths: Record<string, Record<string, Json>>; components?: Json };

export const METHODS = ["get", "post", "put", "delete", "patch"] as const;

export function operation(doc: OpenApiDoc, method: string, path: string): Json {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  return op;
}

/** Every validation error of `value` against `schema`, as readable lines. */
export function schemaErrors(doc: OpenApiDoc, schema: Json, value: unknown): string[] {
  const root = { ...schema, components: doc.components };
  const result = new Validator(root, "2020-12", false).validate(value);
  return result.valid ? [] : result.errors.map((e) => `${e.instanceLocation}: ${e.error}`);
}

/** Returns the parsed body; throws with details when the answer is not the documented one. */
export async function expectDocumented(doc: OpenApiDoc, method: string, path: string, res: Response): Promise<unknown> {
  const op = operation(doc, method, path);
  const where = `${method.toUpperCase()} ${path} answered ${res.status}`;
  const documented = op.responses[String(res.status)];
  const text = await res.text();
  if (!documented) throw new Error(`${where}, which is not documented (${Object.keys(op.responses).join(", ")}): ${text.slice(0, 300)}`);
  if (!documented.content) {
    if (text.length) throw new Error(`${where} with a body, documented as empty`);
    return null;
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim();
  const media = documented.content[type];
  if (!media) throw new Error(`${where} as ${type}; documented: ${Object.keys(documented.content).join(", ")}`);
  if (!/json$/.test(type)) return text;
  const body = JSON.parse(text);
  const errors = schemaErrors(doc, media.schema, body);
  if (errors.length) throw new Error(`${where}; the body does not match the documented schema:\n${errors.slice(0, 10).join("\n")}\n${text.slice(0, 500)}`);
  // A problem's code must be one the document shows for that status.
  const codes = Object.keys(media.examples ?? {});
  if (type === "application/problem+json" && !codes.includes(body.code)) throw new Error(`${where} with code ${body.code}, documented: ${codes.join(", ")}: ${text.slice(0, 300)}`);
  return body;
}

/** The example of a parameter (its own, or its schema's). */
export function paramExample(p: Json): unknown {
  return p.example ?? p.schema?.example ?? p.examples?.[Object.keys(p.examples)[0]]?.value;
}

/**
 * `path` with each `{name}` replaced by the documented example of that path
 * parameter; a parameter without one gets a stand-in (0 or "example") and
 * is named in `missing`.
 */
export function exampleUrl(op: Json, path: string, missing: string[] = []): string {
  const params: Json[] = op.parameters ?? [];
  let url = path.replace(/\{(\w+)\}/g, (_, name) => {
    const p = params.find((q) => q.in === "path" && q.name === name);
    let ex = p && paramExample(p);
    if (ex === undefined) {
      missing.push(`${path} {${name}}`);
      ex = p?.schema?.type === "integer" ? 0 : "example";
    }
    return encodeURIComponent(String(ex));
  });
  const query = params.filter((p) => p.in === "query" && paramExample(p) !== undefined).map((p) => `${p.name}=${encodeURIComponent(String(paramExample(p)))}`);
  if (query.length) url += `?${query.join("&")}`;
  return url;
}
