/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import s1 from "../fixtures/demo/sample1.jpg?inline";
import s5 from "../fixtures/demo/sample5.jpg?inline";
import s6 from "../fixtures/demo/sample6.jpg?inline";
import noFace from "../fixtures/no-face.jpg?inline";
import photo12mp from "../fixtures/photo-12mp.jpg?inline";
import exif6 from "../fixtures/sample1-exif6.jpg?inline";
import { fromDataUrl } from "./image-helpers.ts";
import { analyze, centre } from "./helpers/analyze-client.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

const sample1 = fromDataUrl(s1);

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
});

describe("POST /v1/analyze on real photos and real models", () => {
  it("finds the three faces of sample1 with plausible fields", async () => {
    const { res, json } = await analyze(sample1, "?tasks=emotion,age,gender,ethnicity,landmarks");
    expect(res.status).toBe(200);
    expect(json.image).toMatchObject({ width: 1920, height: 1280, orientation: 1 });
    expect(json.faces).toHaveLength(3);
    for (const f of json.faces) {
      expect(f.box.width).toBeGreaterThan(100);
      expect(f.box.width).toBeLessThan(400);
      expect(f.score).toBeGreaterThan(0.5);
      // The demo photos show young adult women.
      expect(f.age.years).toBeGreaterThan(15);
      expect(f.age.years).toBeLessThan(50);
      expect(f.gender.label).toBe("female");
      const scores = Object.values(f.emotion.scores) as number[];
      expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      expect(Object.keys(f.ethnicity.scores)).toEqual(["asian", "black", "indian", "other", "white"]); // canonical (alphabetical) order
      // Eyes lie inside the box, subject's right eye on the image's left.
      const [cx] = centre(f.box);
      expect(f.landmarks.right_eye[0]).toBeLessThan(f.landmarks.left_eye[0]);
      expect(Math.abs(f.landmarks.nose[0] - cx)).toBeLessThan(f.box.width / 2);
    }
    expect(json.models.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(["blazeface", "faceres", "faceres_ethnicity", "emotion"]));
    // Ethnicity is opt-in.
    const plain = (await analyze(sample1)).json;
    expect(plain.faces[0].ethnicity).toBeUndefined();
    expect(plain.faces[0].gender).toBeDefined();
    expect(json.timings.total).toBeGreaterThan(0);
  });

  it("analyses a group photo: every face of sample5, smiles recognised", async () => {
    const { json } = await analyze(fromDataUrl(s5), "?tasks=emotion");
    expect(json.faces).toHaveLength(5);
    const happy = json.faces.filter((f: any) => f.emotion.label === "happiness");
    expect(happy.length).toBeGreaterThanOrEqual(3);
    expect(json.faces[0].age).toBeUndefined();
  });

  it("answers an empty list for a photo without a face", async () => {
    const { res, json } = await analyze(fromDataUrl(noFace));
    expect(res.status).toBe(200);
    expect(json.faces).toEqual([]);
  });

  it("applies EXIF orientation: a sideways-stored phone photo is analysed upright", async () => {
    // sample1-exif6.jpg stores sample1 turned 90° counter-clockwise, with EXIF orientation 6.
    const upright = (await analyze(sample1, "?tasks=landmarks")).json;
    const phone = (await analyze(fromDataUrl(exif6), "?tasks=landmarks")).json;
    expect(phone.image).toMatchObject({ width: 1920, height: 1280, orientation: 6 });
    expect(phone.faces).toHaveLength(3);
    for (const f of upright.faces) {
      const [x, y] = centre(f.box);
      const match = phone.faces.find((g: any) => Math.hypot(centre(g.box)[0] - x, centre(g.box)[1] - y) < 4);
      expect(match, `face at ${x},${y}`).toBeDefined();
      expect(Math.abs(match.box.width - f.box.width)).toBeLessThan(4);
    }
  });

  it("analyses a 12-megapixel photo at reduced decode scale", async () => {
    const { res, json } = await analyze(fromDataUrl(photo12mp), "?tasks=age,gender");
    expect(res.status).toBe(200);
    expect(json.image).toMatchObject({ width: 4032, height: 3024 });
    expect(json.image.decodedScale).toBeLessThan(1);
    expect(json.faces).toHaveLength(3);
    // sample1 upscaled 2.1x: faces are about 2.1x their sample1 size, in full-resolution pixels.
    for (const f of json.faces) expect(f.box.width).toBeGreaterThan(250);
  });

  it("returns features on request, as base64 float32 or as an array", async () => {
    const b64 = (await analyze(fromDataUrl(s6), "?tasks=features&maxFaces=2")).json;
    expect(b64.faces).toHaveLength(2);
    const bytes = Uint8Array.from(atob(b64.faces[0].features), (c) => c.charCodeAt(0));
    expect(bytes.byteLength).toBe(1024 * 4);
    const arr = (await analyze(fromDataUrl(s6), "?tasks=features&maxFaces=2&features=array")).json;
    const v = arr.faces[0].features as number[];
    expect(v).toHaveLength(1024);
    const f32 = new Float32Array(bytes.buffer);
    expect(Math.abs(f32[7] - v[7])).toBeLessThan(1e-6);
    // Two different people have clearly different descriptors.
    const w = arr.faces[1].features as number[];
    const dot = v.reduce((s, x, i) => s + x * w[i], 0);
    const cos = dot / Math.hypot(...v) / Math.hypot(...w);
    expect(cos).toBeLessThan(0.9);
  });

  it("accepts multipart form data with options as fields", async () => {
    const form = new FormData();
    form.append("image", new Blob([sample1], { type: "image/jpeg" }), "sample1.jpg");
    form.append("tasks", "age");
    form.append("maxFaces", "1");
    const { res, json } = await analyze(form, "", {});
    expect(res.status).toBe(200);
    expect(json.faces).toHaveLength(1);
    expect(json.faces[0].age.years).toBeGreaterThan(15);
    expect(json.faces[0].emotion).toBeUndefined();
  });

  it("serves a repeat request from KV, and different options are a miss", async () => {
    const first = await analyze(fromDataUrl(s6), "?tasks=age&ageTopL=3");
    expect(first.res.headers.get("x-faceflare-cache")).toBe("miss");
    const again = await analyze(fromDataUrl(s6), "?tasks=age&ageTopL=3");
    expect(again.res.headers.get("x-faceflare-cache")).toBe("hit");
    expect(again.json).toEqual(first.json);
    const other = await analyze(fromDataUrl(s6), "?tasks=age&ageTopL=4");
    expect(other.res.headers.get("x-faceflare-cache")).toBe("miss");
    expect(other.json.faces[0].age.topL).toBe(4);
  });
});
