/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import s1 from "../fixtures/demo/sample1.jpg?inline";
import { fromDataUrl } from "./image-helpers.ts";
import { analyze } from "./helpers/analyze-client.ts";
import { fetchModelFile, seedModels, type SeedEnv } from "./helpers/seed-models.ts";
import { sha256Hex } from "../../src/core/crypto.ts";

const sample1 = fromDataUrl(s1);
const seedEnv = env as unknown as SeedEnv;

describe("a user-added HSEmotion model is served through the manifest", () => {
  let standin: Uint8Array;
  beforeAll(async () => {
    await seedModels(seedEnv);
    standin = new Uint8Array(await (await fetchModelFile(seedEnv, "fixtures", "hsemotion/enet_b0_8_va_mtl.onnx")).arrayBuffer());
    // What a user does: put the downloaded file under the manifest's `file` key.
    await env.MODELS.put("enet_b0_8_va_mtl.onnx", standin);
  });

  it("answers 8 emotions with valence and arousal, per the manifest entry", async () => {
    const { res, json } = await analyze(sample1, "?tasks=emotion&emotionModel=enet_b0_8_va_mtl");
    expect(res.status).toBe(200);
    expect(json.faces).toHaveLength(3);
    for (const f of json.faces) {
      expect(f.emotion.model).toBe("enet_b0_8_va_mtl");
      expect(Object.keys(f.emotion.scores)).toEqual(["anger", "contempt", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"]);
      const sum = (Object.values(f.emotion.scores) as number[]).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 2); // the manifest's softmax over the logits slice
      expect(typeof f.emotion.valence).toBe("number");
      expect(typeof f.emotion.arousal).toBe("number");
    }
    // Different faces, different answers: the model really ran on each crop.
    expect(new Set(json.faces.map((f: any) => f.emotion.valence)).size).toBe(3);
    expect(json.models).toContainEqual({ id: "enet_b0_8_va_mtl", version: "hsemotion-0.3" });
  });

  it("serves a model added under a new id with manifests/<id>.json, verified by sha256", async () => {
    const manifest = JSON.parse(await (await env.MODELS.get("manifest.json"))!.text());
    const template = manifest.models.find((m: any) => m.id === "enet_b0_8_va_mtl");
    const entry = { ...template, id: "my_va_model", file: "user/my_va_model.onnx", sha256: await sha256Hex(standin), bytes: standin.byteLength };
    await env.MODELS.put("user/my_va_model.onnx", standin);
    await env.MODELS.put("manifests/my_va_model.json", JSON.stringify(entry));
    await new Promise((r) => setTimeout(r, 1100)); // the registry re-reads the bucket at most once a second
    const { res, json } = await analyze(sample1, "?tasks=emotion&emotionModel=my_va_model");
    expect(res.status).toBe(200);
    const same = (await analyze(sample1, "?tasks=emotion&emotionModel=enet_b0_8_va_mtl")).json;
    expect(json.faces.map((f: any) => f.emotion.valence)).toEqual(same.faces.map((f: any) => f.emotion.valence));
  });
});
