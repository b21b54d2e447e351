import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { modelBucketFiles } from "../../tools/seed/bucket-files.ts";
import { seedLocalR2 } from "../../tools/seed/seed-local-r2.ts";
import { tinyEntry, tinyManifest, tinyModelBytes, tinyWeights } from "../worker/setup/tiny-model.ts";

// Issue 17: trained clip classifiers (models/classifiers/*.json) reach the
// bucket with the models: `npm run dev` seeds them, and the same list
// (modelBucketFiles) tells a deploy what to upload.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const classifier = (id: string, bias = 0) => ({
  id, kind: "logistic", labels: ["a", "b"], mode: "single", emotionModel: "emotion", descriptorDim: 2,
  mean: [0, 0], std: [1, 1], weights: [[1, 0], [0, 1]], bias: [bias, 0],
});

function modelsDir() {
  const dir = mkdtempSync(join(tmpdir(), "faceflare-seed-classifiers-"));
  dirs.push(dir);
  const models = join(dir, "models");
  const a = tinyModelBytes(tinyWeights(1));
  mkdirSync(join(models, "classifiers"), { recursive: true });
  writeFileSync(join(models, "a.onnx"), a);
  writeFileSync(join(models, "manifest.json"), JSON.stringify(tinyManifest([tinyEntry("a", "a.onnx", a)])));
  writeFileSync(join(models, "classifiers/mood.json"), JSON.stringify(classifier("mood")));
  writeFileSync(join(models, "classifiers/renamed.json"), JSON.stringify(classifier("original-name")));
  writeFileSync(join(models, "classifiers/broken.json"), "{ not json");
  writeFileSync(join(models, "classifiers/notes.txt"), "not a classifier");
  return { dir, models };
}

function seed(dir: string) {
  const uploaded: string[] = [];
  const log: string[] = [];
  // The uploader is given one file or a list (the deploy branch batches uploads).
  const upload = (f: { key: string } | { key: string }[]) => uploaded.push(...(Array.isArray(f) ? f : [f]).map((x) => x.key));
  seedLocalR2({ dir: join(dir, "models"), persistTo: join(dir, "state"), upload: upload as never, log: (l) => log.push(l) });
  return { uploaded, log: log.join("\n") };
}

describe("clip classifiers in the models bucket", () => {
  it("npm run dev's seeding uploads models/classifiers/<id>.json, once, and again when it changes", () => {
    const { dir, models } = modelsDir();
    const first = seed(dir);
    expect(first.uploaded.sort()).toEqual(["a.onnx", "classifiers/mood.json", "manifest.json"]);
    expect(first.log).toMatch(/classifiers\/renamed\.json: its id is "original-name"/);
    expect(first.log).toMatch(/classifiers\/broken\.json: not JSON/);
    expect(seed(dir).uploaded).toEqual([]);
    writeFileSync(join(models, "classifiers/mood.json"), JSON.stringify(classifier("mood", 0.5)));
    expect(seed(dir).uploaded).toEqual(["classifiers/mood.json"]);
  });

  it("modelBucketFiles names every file a deploy must upload, with its kind", () => {
    const { models } = modelsDir();
    const { files, warnings } = modelBucketFiles(models);
    expect(files.map((f) => [f.key, f.kind])).toEqual([
      ["manifest.json", "manifest"],
      ["a.onnx", "model"],
      ["classifiers/mood.json", "classifier"],
    ]);
    expect(files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.path.startsWith(models))).toBe(true);
    expect(warnings).toHaveLength(2);
  });
});
