import { env as workerEnv, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env.ts";
import type { ClassifierCard, ClipClassifier } from "../../src/clips/classifier.ts";
import { authHeaders } from "./helpers/auth.ts";
import { seedManifest, type SeedEnv } from "./helpers/seed-models.ts";

// Issue 17: GET /v1/models lists the clip classifiers the bucket holds, with their cards.
const env = workerEnv as unknown as Env;
const call = async (path: string) => exports.default.fetch(`http://faceflare.test${path}`, { headers: await authHeaders() });

beforeAll(() => seedManifest(workerEnv as unknown as SeedEnv));

const tiny = (id: string, card?: ClassifierCard): ClipClassifier => ({
  id, kind: "logistic", labels: ["a", "b"], mode: "single", emotionModel: "emotion", descriptorDim: 2,
  mean: [0, 0], std: [1, 1], weights: [[1, 0], [0, 1]], bias: [0, 0], cvAccuracy: 0.75, ...(card ? { card } : {}),
});

describe("GET /v1/models", () => {
  it("lists clip classifiers with their card; malformed files are reported, not listed", async () => {
    const card = {
      trainingData: { description: "synthetic clips", clips: 12, groups: 4, groupBy: "segment:1", perLabel: { a: 6, b: 6 } },
      crossValidation: { scheme: "grouped 4-fold", folds: 4, accuracy: 0.75, macroF1: 0.74, perClassRecall: { a: 0.8, b: 0.7 }, confusion: { labels: ["a", "b"], matrix: [[5, 1], [2, 4]] } },
      regularisation: { l2: 0.01, chosenBy: "grouped inner 3-fold CV", candidates: [{ l2: 0.01, macroF1: 0.7 }] },
    };
    await env.MODELS.put("classifiers/listed.json", JSON.stringify(tiny("listed", card)));
    await env.MODELS.put("classifiers/old-style.json", JSON.stringify(tiny("old-style")));
    await env.MODELS.put("classifiers/broken.json", "{ not json");
    const res = await call("/v1/models");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { classifiers: Record<string, unknown>[]; warnings?: string[] };
    expect(body.classifiers.map((k) => k.id)).toEqual(["listed", "old-style"]);
    expect(body.classifiers[0]).toEqual({ id: "listed", kind: "logistic", labels: ["a", "b"], mode: "single", emotionModel: "emotion", descriptorDim: 2, cvAccuracy: 0.75, card });
    expect(body.classifiers[1]).toMatchObject({ id: "old-style", card: {} });
    expect(body.warnings?.join("\n")).toContain("classifiers/broken.json");
  });
});
