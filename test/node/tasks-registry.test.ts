import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FaceRecord, PipelineResult } from "../../src/pipeline/types.ts";
import { Manifest } from "../../src/runtime/manifest-schema.ts";
import { AnalyzeJsonSchema, toAnalyzeJson } from "../../src/tasks/answer.ts";
import { DEFAULT_TASKS, MODEL_TASKS, OUTPUT_ROLES, TASK_LIST, TASKS } from "../../src/tasks/registry.ts";

// The registry is the one place a task is declared: the shipped manifest,
// the answer and its schema must agree with it.
const manifest = Manifest.parse(JSON.parse(readFileSync(join(import.meta.dirname, "../../models/manifest.json"), "utf8")));

function face(): FaceRecord {
  return {
    box: { x: 10.04, y: 20.06, width: 100.123, height: 99.99 },
    score: 0.93456,
    keypoints: { right_eye: [30.04, 40.06], left_eye: [70.1, 40.2] },
    emotion: { model: "emotion", labels: ["a", "b"], probs: Float32Array.from([0.25, 0.75]), valence: 0.12345 },
    age: { years: 30.66, topL: 10, top: [{ age: 30, p: 0.123456 }] },
    gender: { label: "female", probability: 0.876543 },
    ethnicity: { model: "e", labels: ["x", "y", "z"], probs: Float32Array.from([0.1, 0.2, 0.7]) },
    features: Float32Array.from([1, -2, 0.5]),
  };
}

describe("task registry", () => {
  it("names every task once and the manifest has a default model for each model task", () => {
    expect(new Set(TASKS).size).toBe(TASKS.length);
    expect(DEFAULT_TASKS).toEqual(["emotion", "age", "gender", "landmarks"]);
    for (const task of MODEL_TASKS) {
      const model = manifest.models.find((m) => m.id === manifest.defaults[task])!;
      expect(model.tasks, task).toContain(task);
      const first = TASK_LIST.find((t) => t.name === task)!.roles[0];
      expect(model.outputs.map((o) => o.role), `${task} reads ${first}`).toContain(first);
    }
    expect(OUTPUT_ROLES).toEqual(expect.arrayContaining(["detections", "other", ...TASK_LIST.flatMap((t) => t.roles)]));
  });

  it("serialises a face in the answer's order, rounded, valid under the answer's schema", () => {
    const r: PipelineResult = { image: { width: 640, height: 480, orientation: 1, decodedScale: 0.5 }, faces: [face()], models: [{ id: "m", version: "1" }], timings: { total: 12.3456 } };
    for (const features of ["base64", "array"] as const) {
      const json = toAnalyzeJson(r, features);
      expect(AnalyzeJsonSchema.parse(json)).toEqual(json);
      expect(Object.keys(json.faces[0])).toEqual(["box", "score", "landmarks", "emotion", "age", "gender", "ethnicity", "features"]);
      expect(json.faces[0]).toMatchObject({
        box: { x: 10, y: 20.1, width: 100.1, height: 100 },
        score: 0.9346,
        landmarks: { right_eye: [30, 40.1], left_eye: [70.1, 40.2] },
        emotion: { model: "emotion", label: "b", scores: { a: 0.25, b: 0.75 }, valence: 0.1235 },
        age: { years: 30.7, topL: 10, top: [{ age: 30, probability: 0.1235 }] },
        gender: { label: "female", probability: 0.8765 },
        ethnicity: { label: "z" },
      });
      expect(json.faces[0].features).toEqual(features === "array" ? [1, -2, 0.5] : "AACAPwAAAMAAAAA/");
      expect(json.timings).toEqual({ total: 12.35 });
    }
  });

  it("leaves out what a face does not have (no landmarks when keypoints were cleared)", () => {
    const bare: FaceRecord = { box: { x: 0, y: 0, width: 1, height: 1 }, score: 1, keypoints: {} };
    const json = toAnalyzeJson({ image: { width: 1, height: 1, orientation: 1, decodedScale: 1 }, faces: [bare], models: [], timings: {} }, "base64");
    expect(Object.keys(json.faces[0])).toEqual(["box", "score"]);
  });
});
