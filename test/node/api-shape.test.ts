import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { topLabel } from "../../src/core/math.ts";
import { canonicalModelId, Manifest, MODEL_ID } from "../../src/runtime/manifest-schema.ts";
import { TasksSchema } from "../../src/tasks/tasks-option.ts";
import { toAnalyzeJson } from "../../src/tasks/answer.ts";
import type { FaceRecord } from "../../src/pipeline/types.ts";

// One API shape (issue 14, point 3), at the level of the code that decides
// it: the task option's two spellings, score key order, rounding and the
// naming rule for model ids.
const manifest = Manifest.parse(JSON.parse(readFileSync(join(import.meta.dirname, "../../models/manifest.json"), "utf8")));

function faceWith(labels: string[], probs: number[]): FaceRecord {
  return {
    box: { x: 1, y: 2, width: 3, height: 4 },
    score: 0.9,
    keypoints: {},
    emotion: { model: "m", labels, probs: Float32Array.from(probs) },
    ethnicity: { model: "m", labels, probs: Float32Array.from(probs) },
  };
}

describe("tasks option", () => {
  it("takes a list or a comma-separated string, and both mean the same", () => {
    expect(TasksSchema.parse("emotion, age")).toEqual(["emotion", "age"]);
    expect(TasksSchema.parse(["emotion", "age"])).toEqual(["emotion", "age"]);
    expect(TasksSchema.parse(["emotion,age", "gender"])).toEqual(["emotion", "age", "gender"]);
  });

  it("refuses unknown tasks by name, and an empty list", () => {
    const r = TasksSchema.safeParse("emotion,smile,mood");
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toContain("smile, mood");
    expect(TasksSchema.safeParse("").success).toBe(false);
    expect(TasksSchema.safeParse([]).success).toBe(false);
    expect(TasksSchema.safeParse(3).success).toBe(false);
  });
});

describe("scores", () => {
  it("come in one canonical key order (alphabetical), whatever the model's label order", () => {
    const a = toAnalyzeJson({ image: { width: 1, height: 1, orientation: 1, decodedScale: 1 }, faces: [faceWith(["neutral", "happiness", "anger"], [0.2, 0.5, 0.3])], models: [], timings: {} }, "base64");
    const b = toAnalyzeJson({ image: { width: 1, height: 1, orientation: 1, decodedScale: 1 }, faces: [faceWith(["anger", "neutral", "happiness"], [0.3, 0.2, 0.5])], models: [], timings: {} }, "base64");
    for (const json of [a, b]) {
      expect(Object.keys(json.faces[0].emotion!.scores)).toEqual(["anger", "happiness", "neutral"]);
      expect(Object.keys(json.faces[0].ethnicity!.scores)).toEqual(["anger", "happiness", "neutral"]);
      expect(json.faces[0].emotion!.label).toBe("happiness");
    }
    expect(JSON.stringify(a.faces[0].emotion!.scores)).toBe(JSON.stringify(b.faces[0].emotion!.scores));
  });

  it("are rounded as every score of the API is (4 decimals), also where clips use them", () => {
    expect(topLabel(["b", "a"], [0.123456, 0.876544])).toEqual({ label: "a", scores: { a: 0.8765, b: 0.1235 } });
    expect(JSON.stringify(topLabel(["b", "a"], [0.5, 0.5]).scores)).toBe('{"a":0.5,"b":0.5}');
  });
});

describe("model ids", () => {
  it("follow one rule, lowercase snake_case, in the shipped manifest", () => {
    for (const m of manifest.models) expect(m.id, m.id).toMatch(MODEL_ID);
    for (const id of Object.values(manifest.defaults)) expect(id).toMatch(MODEL_ID);
    expect(manifest.models.map((m) => m.id)).toContain("blazeface_front");
    expect(MODEL_ID.test("blazeface-front")).toBe(false);
  });

  it("accept the old hyphenated spelling as an alias", () => {
    expect(canonicalModelId("blazeface-front")).toBe("blazeface_front");
    expect(canonicalModelId("face-expression")).toBe("face_expression");
    expect(canonicalModelId("emotion")).toBe("emotion");
  });
});
