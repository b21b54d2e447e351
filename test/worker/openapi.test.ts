import { exports } from "cloudflare:workers";
import { env as workerEnv } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { authHeaders } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";
import { exampleUrl, expectDocumented, METHODS, operation, type OpenApiDoc } from "./openapi-contract.ts";

// The OpenAPI document against the routes themselves: every documented
// example is sent, and every answer must be one the document lists, with
// the documented media type and a body valid under the documented schema.
const BASE = "http://faceflare.test";
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"];
let doc: OpenApiDoc;

const call = async (method: string, url: string, init: RequestInit = {}) =>
  exports.default.fetch(`${BASE}${url}`, { method: method.toUpperCase(), ...init, headers: { ...(await authHeaders()), ...(init.headers as Record<string, string>) } });

beforeAll(async () => {
  await seedModels(workerEnv as unknown as SeedEnv);
  const res = await exports.default.fetch(`${BASE}/openapi.json`); // public: no key
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDoc;
});

/** The documented example body of an operation, as fetch init (a sample photo for image bodies). */
function exampleBody(op: any): RequestInit {
  const content = op.requestBody?.content ?? {};
  const json = content["application/json"];
  if (json) {
    const example = json.example ?? json.schema?.example ?? resolveRef(json.schema)?.example;
    if (example !== undefined) return { body: JSON.stringify(example), headers: { "content-type": "application/json" } };
  }
  const image = IMAGE_TYPES.find((t) => content[t]);
  if (image) return { body: SAMPLE_PHOTOS[0], headers: { "content-type": "image/jpeg" } };
  return {};
}

function resolveRef(schema: any): any {
  const ref: string | undefined = schema?.$ref;
  return ref ? ref.split("/").slice(1).reduce((o: any, k) => o?.[k], doc) : schema;
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and documents every route with a summary and problem-details errors", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(expect.arrayContaining(["/v1/analyze", "/v1/models", "/v1/health", "/v1/clips", "/v1/clips/{id}/frames", "/v1/clips/{id}", "/v1/uploads", "/v1/batches"]));
    for (const path of paths) {
      for (const method of METHODS) {
        const op = doc.paths[path][method];
        if (!op) continue;
        const where = `${method} ${path}`;
        expect(op.summary, where).toBeTruthy();
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          expect(op.parameters?.some((p: any) => p.in === "path" && `{${p.name}}` === name), `${where} ${name}`).toBe(true);
        }
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => s.startsWith("2")), where).toBe(true);
        for (const s of statuses.filter((s) => Number(s) >= 400)) {
          expect(Object.keys(op.responses[s].content ?? {}), `${where} ${s}`).toEqual(["application/problem+json"]);
          expect(op.responses[s].content["application/problem+json"].schema.$ref, `${where} ${s}`).toBe("#/components/schemas/Problem");
        }
      }
    }
  });

  it("answers every documented example with a documented response", async () => {
    const answered: string[] = [];
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const res = await call(method, exampleUrl(op, path, missing), exampleBody(op));
        await expectDocumented(doc, method, path, res);
        answered.push(`${method} ${path} ${res.status}`);
      }
    }
    if (missing.length) console.warn(`path parameters without a documented example: ${[...new Set(missing)].join(", ")}`);
    // The examples that must succeed, not just be refused in a documented way.
    expect(answered).toEqual(
      expect.arrayContaining(["get /v1/health 200", "get /v1/models 200", "post /v1/analyze 200", "post /v1/clips 201", "get /v1/clips/{id} 404"]),
    );
  });

  it("documents what a clip's life really looks like: create, frames, read, delete", async () => {
    const created = (await expectDocumented(doc, "post", "/v1/clips", await call("post", "/v1/clips", exampleBody(operation(doc, "post", "/v1/clips"))))) as {
      id: string;
    };
    const framesOp = operation(doc, "post", "/v1/clips/{id}/frames");
    const frames = await call("post", `/v1/clips/${created.id}/frames?index=0`, exampleBody(framesOp));
    expect(frames.status).toBe(200);
    const framesBody = (await expectDocumented(doc, "post", "/v1/clips/{id}/frames", frames)) as { frames: { faces: number }[] };
    expect(framesBody.frames[0].faces).toBeGreaterThan(0);

    const form = new FormData();
    form.append("frame", new File([SAMPLE_PHOTOS[1]], "f1.jpg", { type: "image/jpeg" }));
    form.append("index", "1");
    await expectDocumented(doc, "post", "/v1/clips/{id}/frames", await call("post", `/v1/clips/${created.id}/frames`, { body: form }));

    const clip = (await expectDocumented(doc, "get", "/v1/clips/{id}", await call("get", `/v1/clips/${created.id}?descriptor=1`))) as { framesReceived: number };
    expect(clip.framesReceived).toBe(2);
    const del = await call("delete", `/v1/clips/${created.id}`);
    expect(del.status).toBe(204);
    await expectDocumented(doc, "delete", "/v1/clips/{id}", del);
    await expectDocumented(doc, "get", "/v1/clips/{id}", await call("get", `/v1/clips/${created.id}`)); // 404, documented
  });

  it("documents the refusals the routes really give", async () => {
    const text = await call("post", "/v1/analyze", { body: new TextEncoder().encode("not an image"), headers: { "content-type": "image/jpeg" } });
    expect(text.status).toBeGreaterThanOrEqual(400);
    await expectDocumented(doc, "post", "/v1/analyze", text);
    const badOption = await call("post", "/v1/analyze?maxFaces=0", { body: SAMPLE_PHOTOS[0], headers: { "content-type": "image/jpeg" } });
    expect(badOption.status).toBe(400);
    await expectDocumented(doc, "post", "/v1/analyze", badOption);
    const badClip = await call("post", "/v1/clips", { body: JSON.stringify({ mode: "crowd" }), headers: { "content-type": "application/json" } });
    expect(badClip.status).toBe(400);
    await expectDocumented(doc, "post", "/v1/clips", badClip);
  });
});
