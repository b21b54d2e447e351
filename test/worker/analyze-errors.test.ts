/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import s1 from "../fixtures/demo/sample1.jpg?inline";
import { fromDataUrl, jpegHeaderOnly } from "./image-helpers.ts";
import { analyze } from "./helpers/analyze-client.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

const sample1 = fromDataUrl(s1);

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
});

async function expectProblem(p: Promise<{ res: Response; json: any }>, status: number, code: string) {
  const { res, json } = await p;
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(json).toMatchObject({ status, code, type: `https://faceflare.dev/problems/${code}` });
  expect(typeof json.title).toBe("string");
  return json;
}

describe("POST /v1/analyze refuses bad input with problem details", () => {
  it("not an image", () => expectProblem(analyze(new TextEncoder().encode("hello, I am text, not a photo")), 415, "not_an_image"));
  it("empty body", () => expectProblem(analyze(new Uint8Array(0)), 415, "not_an_image"));
  it("truncated JPEG", () => expectProblem(analyze(sample1.slice(0, sample1.length >> 1)), 422, "corrupt_image"));
  it("corrupt JPEG body", async () => {
    const broken = sample1.slice();
    for (let i = 2000; i < broken.length - 2; i += 97) broken[i] = 0xff;
    await expectProblem(analyze(broken), 422, "corrupt_image");
  });
  it("unsupported image type (GIF)", () => expectProblem(analyze(new TextEncoder().encode("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "", { "content-type": "image/gif" }), 415, "unsupported_type"));
  it("unsupported content type", () => expectProblem(analyze(JSON.stringify({ image: "x" }), "", { "content-type": "application/json" }), 415, "unsupported_type"));
  it("body too large", () => expectProblem(analyze(new Uint8Array(21 * 1024 * 1024)), 413, "too_large"));
  it("too many pixels, refused from the header before decoding", () => expectProblem(analyze(jpegHeaderOnly(65000, 65000, 3)), 413, "too_many_pixels"));
  it("unknown task", async () => {
    const p = await expectProblem(analyze(sample1, "?tasks=emotion,mood"), 400, "bad_options");
    expect(p.detail).toContain("mood");
  });
  it("out-of-range option", () => expectProblem(analyze(sample1, "?maxFaces=0"), 400, "bad_options"));
  it("bad multipart option", async () => {
    const form = new FormData();
    form.append("image", new Blob([sample1], { type: "image/jpeg" }));
    form.append("ageTopL", "zero");
    await expectProblem(analyze(form, "", {}), 400, "bad_options");
  });
  it("multipart without an image field", async () => {
    const form = new FormData();
    form.append("tasks", "age");
    await expectProblem(analyze(form, "", {}), 400, "bad_request");
  });
  it("unknown emotion model", async () => {
    const p = await expectProblem(analyze(sample1, "?emotionModel=nope"), 404, "unknown_model");
    expect(p.detail).toContain("nope");
  });
  it("a listed HSEmotion model whose file was never added", () => expectProblem(analyze(sample1, "?emotionModel=enet_b0_8_best_afew"), 404, "unknown_model"));
  it("a model that is not an emotion model", () => expectProblem(analyze(sample1, "?emotionModel=faceres"), 400, "bad_options"));

  it("keeps serving after every error above", async () => {
    const { res, json } = await analyze(sample1, "?tasks=gender");
    expect(res.status).toBe(200);
    expect(json.faces).toHaveLength(3);
  });
});
