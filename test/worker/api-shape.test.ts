import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { authHeaders } from "./helpers/auth.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// One API shape (issue 14, point 3) through the routes: unknown options are
// refused by name everywhere, `tasks` is a list or a comma string everywhere,
// scores come in one key order, model ids have one spelling (old ones as
// aliases), and a batch echoes the same options when created and read.
type Problem = { status: number; code: string; detail?: string; errors?: { path: string; message: string }[] };

const api = async (path: string, init: RequestInit = {}) =>
  exports.default.fetch(`http://faceflare.test${path}`, { ...init, headers: { ...(await authHeaders()), ...(init.headers as Record<string, string>) } });
const jpeg = (body: Uint8Array<ArrayBuffer> = SAMPLE_PHOTOS[0]) => ({ method: "POST", body, headers: { "content-type": "image/jpeg" } });
const json = (body: unknown, method = "POST") => ({ method, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
function form(fields: Record<string, string | string[]>, image: Uint8Array<ArrayBuffer> | null = SAMPLE_PHOTOS[0], imageField = "image"): RequestInit {
  const f = new FormData();
  if (image) f.append(imageField, new File([image], "photo.jpg", { type: "image/jpeg" }));
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) f.append(k, x);
  return { method: "POST", body: f };
}

/** A 400 bad_options whose detail and errors name `option`. */
async function expectRefusedNaming(res: Response, option: string): Promise<Problem> {
  const body = (await res.json()) as Problem;
  expect(res.status, JSON.stringify(body)).toBe(400);
  expect(body.code).toBe("bad_options");
  expect(body.detail).toContain(option);
  expect(body.errors?.map((e) => e.path)).toContain(option);
  return body;
}

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
});

describe("unknown options are refused by name", () => {
  it("in /v1/analyze's query string (?max_faces=1 used to return every face)", async () => {
    const body = await expectRefusedNaming(await api("/v1/analyze?max_faces=1", jpeg()), "max_faces");
    expect(body.detail).toMatch(/unknown option/i);
  });

  it("in /v1/analyze's multipart fields, and a file under another name than `image`", async () => {
    await expectRefusedNaming(await api("/v1/analyze", form({ max_faces: "1" })), "max_faces");
    const extra = form({});
    (extra.body as FormData).append("photo", new File([SAMPLE_PHOTOS[1]], "b.jpg", { type: "image/jpeg" }));
    await expectRefusedNaming(await api("/v1/analyze", extra), "photo");
  });

  it("in JSON bodies: uploads, batches (top level, options, webhook) and clips", async () => {
    await expectRefusedNaming(await api("/v1/uploads", json({ count: 1, expires: 60 })), "expires");
    const key = "uploads/0123456789abcdef0123456789abcdef/0";
    await expectRefusedNaming(await api("/v1/batches", json({ keys: [key], tasks: ["emotion"] })), "tasks");
    await expectRefusedNaming(await api("/v1/batches", json({ keys: [key], options: { max_faces: 1 } })), "options.max_faces");
    await expectRefusedNaming(await api("/v1/batches", json({ keys: [key], webhook: { url: "https://example.com/h", secrets: "x" } })), "webhook.secrets");
    await expectRefusedNaming(await api("/v1/clips", json({ mode: "single", emotion_model: "emotion" })), "emotion_model");
  });

  it("in the query string of every other route", async () => {
    await expectRefusedNaming(await api("/v1/models?verbose=1"), "verbose");
    await expectRefusedNaming(await api("/v1/batches/0123456789abcdef0123456789abcdef?wait=1"), "wait");
    const clip = (await (await api("/v1/clips", json({ mode: "single" }))).json()) as { id: string };
    await expectRefusedNaming(await api(`/v1/clips/${clip.id}?descriptors=1`), "descriptors");
    await expectRefusedNaming(await api(`/v1/clips/${clip.id}/frames?index=0&idx=1`, jpeg()), "idx");
  });

  it("known options still work", async () => {
    const res = await api("/v1/analyze?maxFaces=1&tasks=emotion", jpeg());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { faces: unknown[] }).faces).toHaveLength(1);
  });
});

describe("tasks: a list or a comma-separated string, everywhere", () => {
  const keysOf = async (res: Response) => {
    expect(res.status).toBe(200);
    const body = (await res.json()) as { faces: Record<string, unknown>[] };
    return Object.keys(body.faces[0]).sort();
  };

  it("on /v1/analyze: ?tasks=a,b, ?tasks=a&tasks=b and repeated form fields mean the same", async () => {
    const comma = await keysOf(await api("/v1/analyze?tasks=emotion,age&maxFaces=1", jpeg()));
    expect(comma).toEqual(["age", "box", "emotion", "score"]);
    expect(await keysOf(await api("/v1/analyze?tasks=emotion&tasks=age&maxFaces=1", jpeg()))).toEqual(comma);
    expect(await keysOf(await api("/v1/analyze", form({ tasks: ["emotion", "age"], maxFaces: "1" })))).toEqual(comma);
    expect(await keysOf(await api("/v1/analyze", form({ tasks: "emotion, age", maxFaces: "1" })))).toEqual(comma);
    await expectRefusedNaming(await api("/v1/analyze?tasks=emotion,smile", jpeg()), "tasks");
  });

  it("on POST /v1/batches: a string is accepted like a list, and create and get echo the same options", async () => {
    const slots = (await (await api("/v1/uploads", json({ count: 1 }))).json()) as { slots: { key: string; url: string }[] };
    const put = await exports.default.fetch(slots.slots[0].url, { method: "PUT", headers: { "content-type": "image/jpeg", "content-length": String(SAMPLE_PHOTOS[2].length) }, body: SAMPLE_PHOTOS[2] });
    expect(put.status).toBe(201);
    const created = await api("/v1/batches", json({ keys: [slots.slots[0].key], options: { tasks: "emotion, age" } }));
    const body = (await created.json()) as { id: string; options: unknown };
    expect(created.status, JSON.stringify(body)).toBe(202);
    const expected = { tasks: ["emotion", "age"], maxFaces: 20, minFaceSize: 24, features: "base64" };
    expect(body.options).toEqual(expected);
    const got = (await (await api(`/v1/batches/${body.id}`)).json()) as { options: unknown };
    expect(got.options).toEqual(body.options);
    expect((await api(`/v1/batches/${body.id}`, { method: "DELETE" })).status).toBe(204);
    await expectRefusedNaming(await api("/v1/batches", json({ keys: [slots.slots[0].key], options: { tasks: "emotion,smile" } })), "options.tasks");
  });
});

describe("scores and model ids", () => {
  it("emotion scores come in one key order whichever model answers", async () => {
    const orders = [];
    for (const model of ["emotion", "face_expression"]) {
      const res = await api(`/v1/analyze?tasks=emotion&maxFaces=1&emotionModel=${model}`, jpeg());
      expect(res.status).toBe(200);
      const face = ((await res.json()) as { faces: { emotion: { model: string; scores: Record<string, number> } }[] }).faces[0];
      expect(face.emotion.model).toBe(model);
      orders.push(Object.keys(face.emotion.scores));
    }
    expect(orders[0]).toEqual([...orders[0]].sort());
    expect(orders[1]).toEqual(orders[0]);
  });

  it("model ids are snake_case; the hyphenated spelling is an accepted alias", async () => {
    const { models } = (await (await api("/v1/models")).json()) as { models: { id: string }[] };
    for (const m of models) expect(m.id).toMatch(/^[a-z0-9][a-z0-9_]*$/);
    const res = await api("/v1/analyze?tasks=emotion&maxFaces=1&emotionModel=face-expression", jpeg());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { faces: { emotion: { model: string } }[] }).faces[0].emotion.model).toBe("face_expression");
  });
});
