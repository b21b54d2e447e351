import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_CODES } from "../../src/http/problem.ts";
import { authHeaders } from "./helpers/auth.ts";
import { METHODS, type OpenApiDoc } from "./openapi-contract.ts";

// What generated SDKs and Swagger UI need from the OpenAPI document
// (issue 14, point 4): method names, a server, an example per error code,
// strict request schemas, form fields that "Try it out" can send as they are,
// and CORS on signed upload URLs.
const BASE = "http://faceflare.test";
let doc: OpenApiDoc;

type Op = { method: string; path: string; op: any };
const operations = (): Op[] =>
  Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })));
const resolve = (schema: any): any => (schema?.$ref ? schema.$ref.split("/").slice(1).reduce((o: any, k: string) => o?.[k], doc) : schema);

beforeAll(async () => {
  doc = (await (await exports.default.fetch(`${BASE}/openapi.json`)).json()) as OpenApiDoc;
});

describe("OpenAPI document for SDKs", () => {
  it("names every operation with a unique camelCase operationId", () => {
    const ids = operations().map(({ method, path, op }) => {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][a-zA-Z0-9]+$/);
      return op.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(["analyzeImage", "listModels", "createBatch", "getBatch", "createClip", "addClipFrames", "createUploadSlots"]));
  });

  it("has a servers entry: the origin that served it", async () => {
    expect((doc as any).servers).toEqual([{ url: BASE, description: expect.any(String) }]);
    const other = (await (await exports.default.fetch("https://api.example.org/openapi.json")).json()) as any;
    expect(other.servers[0].url).toBe("https://api.example.org");
  });

  it("shows, for every error status, one example per code that status can carry, and no other", () => {
    for (const { method, path, op } of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        const where = `${method} ${path} ${status}`;
        const examples = response.content["application/problem+json"].examples ?? {};
        const codes = Object.keys(examples);
        expect(codes.length, where).toBeGreaterThan(0);
        expect(response.description.split(", ").sort(), where).toEqual([...codes].sort());
        for (const code of codes) {
          expect(PROBLEM_CODES[code as keyof typeof PROBLEM_CODES], `${where} ${code}`).toBe(Number(status));
          expect(examples[code].value, `${where} ${code}`).toMatchObject({ code, status: Number(status), type: `https://faceflare.dev/problems/${code}` });
        }
      }
    }
    // Not the same example everywhere (the old document showed not_an_image for every status).
    const analyze400 = doc.paths["/v1/analyze"].post.responses["400"].content["application/problem+json"].examples;
    expect(Object.keys(analyze400).sort()).toEqual(["bad_options", "bad_request"]);
  });

  it("declares every JSON and form body strict: unknown fields are refused, as the routes refuse them", () => {
    const strict = (schema: any, where: string) => {
      const s = resolve(schema);
      if (!s || typeof s !== "object") return;
      if (s.type === "object" && s.properties) {
        expect(s.additionalProperties, where).toBe(false);
        for (const [k, v] of Object.entries(s.properties)) strict(v, `${where}.${k}`);
      }
      for (const sub of [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])]) strict(sub, where);
      if (s.items) strict(s.items, `${where}[]`);
    };
    let bodies = 0;
    for (const { method, path, op } of operations()) {
      for (const [type, media] of Object.entries<any>(op.requestBody?.content ?? {})) {
        if (type !== "application/json" && type !== "multipart/form-data") continue;
        strict(media.schema, `${method} ${path} ${type}`);
        bodies++;
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(4);
  });

  it("gives every optional field of /v1/analyze's form a default or an example, so Try it out never sends placeholders", () => {
    const form = resolve(doc.paths["/v1/analyze"].post.requestBody.content["multipart/form-data"].schema);
    for (const [name, prop] of Object.entries<any>(form.properties)) {
      if (form.required.includes(name)) continue;
      expect(prop.default ?? prop.example, name).toBeDefined();
    }
  });
});

describe("CORS for signed upload URLs", () => {
  const preflight = (path: string, origin: string) =>
    exports.default.fetch(`${BASE}${path}`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" } });

  it("lets a page on another origin PUT to an upload URL (UPLOAD_CORS_ORIGINS), but not call the rest of the API", async () => {
    const slots = (await (await exports.default.fetch(`${BASE}/v1/uploads`, { method: "POST", headers: { ...(await authHeaders()), "content-type": "application/json" }, body: JSON.stringify({ count: 1 }) })).json()) as {
      slots: { url: string }[];
    };
    const url = new URL(slots.slots[0].url);
    const pre = await preflight(url.pathname + url.search, "https://app.example");
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(pre.headers.get("access-control-allow-methods")).toContain("PUT");
    const api = await preflight("/v1/analyze", "https://app.example");
    expect(api.headers.get("access-control-allow-origin")).toBeNull();
  });
});
