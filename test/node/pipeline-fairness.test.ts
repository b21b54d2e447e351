import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeImage } from "../../src/image/decode.ts";
import { FACE_WORK_BUDGET, FaceAnalysis, facesPerRun, maxFacesFor } from "../../src/pipeline/face-analysis.ts";
import { normalizeOptions } from "../../src/pipeline/options.ts";
import type { InferenceBackend } from "../../src/runtime/backend.ts";
import type { AnalyzeOptions } from "../../src/pipeline/types.ts";
import { FileModels } from "../../tools/runtime/file-models.ts";
import { createOrtWebNodeBackend } from "../../tools/runtime/ort-web-node.ts";

// Issue 12: one long request must not starve the isolate. workerd serves an
// isolate's requests on one thread and onnxruntime-web computes
// synchronously, so the pipeline has to give the event loop turns between
// model runs, keep each run short, and refuse more face work than a request
// may ask for. The Worker's backend (onnxruntime-web wasm, one thread) on the
// real models in Node; the latency this buys in workerd is measured by
// `npm run bench:load` (bench/RESULTS.md).
const ROOT = join(import.meta.dirname, "../..");
const PHOTO = join(ROOT, "test/fixtures/demo/sample1.jpg"); // 3 faces

/** The Worker's backend, each session recording its runs in `events`. */
function recordingBackend(events: string[]): InferenceBackend {
  const inner = createOrtWebNodeBackend();
  return {
    name: inner.name,
    async createSession(bytes) {
      const s = await inner.createSession(bytes);
      return {
        inputNames: s.inputNames,
        outputNames: s.outputNames,
        run: async (feeds, outputs) => {
          // Input values in this run: faces × crop pixels × channels.
          events.push(`run:${Object.values(feeds)[0].dims.reduce((a, b) => a * b, 1)}`);
          return s.run(feeds, outputs);
        },
      };
    },
  };
}

const options = (raw: Parameters<typeof normalizeOptions>[0]) => normalizeOptions(raw) as AnalyzeOptions;

describe("a long analysis leaves the event loop turns", () => {
  it("other work runs between every two model runs, and no run takes more than two large crops", async () => {
    const events: string[] = [];
    const analysis = new FaceAnalysis(new FileModels(join(ROOT, "models"), recordingBackend(events)));
    const { image } = await decodeImage(new Uint8Array(readFileSync(PHOTO)));
    // gear for ethnicity: three CNNs (the default head adds no crops).
    const opts = { ...options({ tasks: "emotion,age,gender,ethnicity" }), ethnicityModel: "gear" } as AnalyzeOptions;
    await analysis.analyze(image, opts); // loads the sessions
    events.length = 0;
    // "Another request": a timer that re-arms itself for as long as the analysis runs.
    let running = true;
    const tick = () => {
      events.push("tick");
      if (running) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const r = await analysis.analyze(image, opts);
    running = false;
    expect(r.faces).toHaveLength(3);
    const runs = events.filter((e) => e.startsWith("run:"));
    // detector, emotion (3 faces, one run), faceres at 160 (3 faces, one run), gear (1 + 1 + 1)
    expect(runs.length).toBeGreaterThanOrEqual(6);
    for (const run of runs) expect(Number(run.slice(4))).toBeLessThanOrEqual(2 * 224 * 224 * 3);
    const between = events.slice(events.indexOf(runs[0]), events.lastIndexOf(runs.at(-1)!) + 1);
    for (let i = 1; i < between.length; i++) {
      expect(between[i - 1].startsWith("run:") && between[i].startsWith("run:"), `two model runs back to back: ${between.join(" ")}`).toBe(false);
    }
  });

  it("large crops go a few at a time: gear (198x198) one a run, faceres (160x160) three, emotion (64x64) eight", async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "models/manifest.json"), "utf8")) as { models: Parameters<typeof facesPerRun>[0][] };
    const byId = (id: string) => manifest.models.find((m) => m.id === id)!;
    expect(facesPerRun(byId("faceres"))).toBe(3);
    expect(facesPerRun(byId("gear"))).toBe(1);
    expect(facesPerRun(byId("emotion"))).toBe(8);
  });
});

describe("face work per request is bounded", () => {
  const analysis = new FaceAnalysis(new FileModels(join(ROOT, "models"), createOrtWebNodeBackend()));

  it("refuses maxFaces × task models over the budget before any pixel, naming the most it may ask for", async () => {
    expect(FACE_WORK_BUDGET).toBe(100);
    // Every task with gear for ethnicity: three models cut and run every face.
    const gear = { ...options({ tasks: "emotion,age,gender,ethnicity,features", maxFaces: 100 }), ethnicityModel: "gear" } as AnalyzeOptions;
    await expect(analysis.plan(gear)).rejects.toMatchObject({ code: "bad_options", extra: { maxFaces: 33 } });
    await expect(analysis.plan({ ...gear, maxFaces: 34 })).rejects.toMatchObject({ code: "bad_options" });
    expect((await analysis.plan({ ...gear, maxFaces: 33 })).steps).toHaveLength(3);
    // With the default ethnicity head on faceres's rows, two models cut crops: the head is not counted.
    const every = options({ tasks: "emotion,age,gender,ethnicity,features", maxFaces: 100 });
    await expect(analysis.plan(every)).rejects.toMatchObject({ code: "bad_options", extra: { maxFaces: 50 } });
    expect((await analysis.plan({ ...every, maxFaces: 50 })).steps.map((s) => s.model.id)).toEqual(["emotion", "faceres", "faceres_ethnicity"]);
    // The defaults (emotion, age, gender: two models, 20 faces) and emotion alone at 100 fit.
    await expect(analysis.plan(options({}))).resolves.toBeTruthy();
    await expect(analysis.plan(options({ tasks: "emotion", maxFaces: 100 }))).resolves.toBeTruthy();
    expect(maxFacesFor(2)).toBe(50);
  });
});
