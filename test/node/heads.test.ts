import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeImage } from "../../src/image/decode.ts";
import { FaceAnalysis } from "../../src/pipeline/face-analysis.ts";
import { loadModel, tensorToFloat32 } from "../../tools/forge/onnx/proto.ts";
import { ETHNICITY_5 } from "../../tools/heads/datasets.ts";
import { ETHNICITY_7, sevenToFive } from "../../tools/heads/ethnicity-head.ts";
import { applyMap } from "../../tools/learn/isotonic.ts";
import { FileModels } from "../../tools/runtime/file-models.ts";
import { createOrtWebNodeBackend } from "../../tools/runtime/ort-web-node.ts";

/**
 * The committed heads on faceres's features: their shape, their card, and
 * their output on real faces (the demo photos through the pipeline) against
 * a recomputation from the weights stored in the file.
 */
const HEADS = [
  { id: "faceres_ethnicity", labels: [...ETHNICITY_5] },
  { id: "faceres_ethnicity7", labels: ETHNICITY_7 },
];
const DEMO = [1, 2, 3, 4, 5, 6].map((i) => `test/fixtures/demo/sample${i}.jpg`);
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

let faces: Float32Array[] = [];
let gear: Float32Array[] = [];

beforeAll(async () => {
  const analysis = new FaceAnalysis(new FileModels("models", createOrtWebNodeBackend()));
  for (const path of DEMO) {
    const { image } = await decodeImage(new Uint8Array(readFileSync(path)));
    const r = await analysis.analyze(image, { tasks: ["features", "ethnicity"], maxFaces: 20, minFaceSize: 24 });
    for (const f of r.faces) {
      faces.push(f.features!);
      gear.push(f.ethnicity!.probs);
    }
  }
}, 120_000);

/** x / ‖x‖ → Gemm(W, b) → softmax, in float64 from the file's own initializers. */
function recompute(path: string, x: Float32Array): Float64Array {
  const g = loadModel(path).graph!;
  const init = (name: string) => tensorToFloat32(g.initializer!.find((t) => t.name === name)!);
  const W = init("weights");
  const b = init("bias");
  const K = b.length;
  const norm = Math.sqrt(x.reduce((s, v) => s + v * v, 0));
  const logits = Array.from({ length: K }, (_, k) => {
    let s = b[k];
    for (let i = 0; i < x.length; i++) s += (W[k * x.length + i] * x[i]) / norm;
    return s;
  });
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const sum = e.reduce((a, c) => a + c, 0);
  return Float64Array.from(e, (v) => v / sum);
}

const argmax = (v: ArrayLike<number>) => Array.from(v).reduce((best, x, i, a) => (x > a[best] ? i : best), 0);

describe.each(HEADS)("$id", ({ id, labels }) => {
  const path = `models/heads/${id}.fp32.onnx`;
  const entry = JSON.parse(readFileSync(`tools/heads/entries/${id}.json`, "utf8"));

  it("is a small graph from the 1024-d faceres features to one probability per label, as its draft entry says", () => {
    const bytes = readFileSync(path);
    expect(sha256(bytes)).toBe(entry.sha256);
    expect(bytes.byteLength).toBe(entry.bytes);
    expect(bytes.byteLength).toBeLessThan(64 * 1024);
    const model = loadModel(path);
    const inputs = model.graph!.input!;
    const outputs = model.graph!.output!;
    const dims = (v: (typeof inputs)[number]) => v.type!.tensorType!.shape!.dim!.map((d: { dimParam?: string | null; dimValue?: unknown }) => d.dimParam || Number(d.dimValue));
    expect(inputs.map((i) => i.name)).toEqual(["features"]);
    expect(dims(inputs[0])).toEqual(["N", 1024]);
    expect(outputs.map((o) => o.name)).toEqual(["ethnicity"]);
    expect(dims(outputs[0])).toEqual(["N", labels.length]);
    const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
    expect(JSON.parse(meta.labels)).toEqual(labels);
    expect(meta.backbone).toBe("faceres:identity_features");
    expect(entry.outputs[0].labels).toEqual(labels);
    expect(entry.backbone).toEqual({ model: "faceres", output: "identity_features" });
    expect(entry.file).toBe(`heads/${id}.fp32.onnx`);
  });

  it("carries the FairFace attribution and licence in its card", () => {
    expect(entry.license).toMatch(/CC BY 4\.0/);
    expect(entry.card.trainedOn).toMatch(/Kärkkäinen and Joo/);
    expect(entry.card.trainedOn).toMatch(/Latino_Hispanic and Middle Eastern → other/);
    expect(entry.card.weaknesses.join(" ")).toMatch(/"other"/);
    const names = entry.card.metrics.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(["ethnicity accuracy", "ethnicity balanced accuracy", "recall other"]));
  });

  it("answers the demo photos' faces as its stored weights say, on onnxruntime-web (the Worker's runtime; native parity: tools/test/runtime-ort-node.test.ts)", async () => {
    expect(faces.length).toBeGreaterThanOrEqual(15);
    const data = new Float32Array(faces.length * 1024);
    faces.forEach((f, i) => data.set(f, i * 1024));
    const bytes = new Uint8Array(readFileSync(path));
    {
      const backend = createOrtWebNodeBackend();
      const out = (await (await backend.createSession(bytes)).run({ features: { data, dims: [faces.length, 1024] } })).ethnicity;
      expect(out.dims).toEqual([faces.length, labels.length]);
      faces.forEach((f, i) => {
        const row = out.data.subarray(i * labels.length, (i + 1) * labels.length);
        const want = recompute(path, f);
        // float32 graph against a float64 recomputation: measured max 4e-7.
        row.forEach((p, k) => expect(Math.abs(p - want[k])).toBeLessThan(1e-5));
        expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
      });
    }
  });

  it("agrees with gear on the demo faces gear is sure of", async () => {
    const data = new Float32Array(faces.length * 1024);
    faces.forEach((f, i) => data.set(f, i * 1024));
    const session = await createOrtWebNodeBackend().createSession(new Uint8Array(readFileSync(path)));
    const out = (await session.run({ features: { data, dims: [faces.length, 1024] } })).ethnicity;
    const sure = gear.map((g, i) => [g, i] as const).filter(([g]) => Math.max(...g) > 0.9);
    expect(sure.length).toBeGreaterThanOrEqual(5);
    const agree = sure.filter(([g, i]) => {
      const row = out.data.subarray(i * labels.length, (i + 1) * labels.length);
      return argmax(labels.length === 7 ? sevenToFive(row) : row) === argmax(g);
    }).length;
    expect(agree / sure.length).toBeGreaterThanOrEqual(0.8);
  });
});

describe("age and children's-gender calibrations", () => {
  const read = (id: string) => JSON.parse(readFileSync(`models/calibration/${id}.json`, "utf8"));

  it.each(["faceres_age_fairface", "faceres_age_utkface_nc"])("%s is a non-decreasing map of the Eq. 1 age with its licence", (id) => {
    const c = read(id);
    expect(c).toMatchObject({ id, kind: "age-calibration", input: { model: "faceres", topL: 10 } });
    expect(c.map.x.length).toBe(c.map.y.length);
    for (let i = 1; i < c.map.x.length; i++) {
      expect(c.map.x[i]).toBeGreaterThanOrEqual(c.map.x[i - 1]);
      expect(c.map.y[i]).toBeGreaterThanOrEqual(c.map.y[i - 1]);
    }
    expect(c.license).toMatch(id.endsWith("_nc") ? /NON-COMMERCIAL/ : /CC BY 4\.0/);
    // An adult's estimate stays an adult's age.
    expect(applyMap(c.map, 40)).toBeGreaterThan(30);
    expect(applyMap(c.map, 40)).toBeLessThan(55);
  });

  it("flags children's gender and softens its probability", () => {
    const rule = read("faceres_gender_children");
    expect(rule).toMatchObject({ id: "faceres_gender_children", input: { model: "faceres", topL: 10 }, unreliableBelowAge: 16 });
    expect(rule.temperature).toBeGreaterThan(1);
    expect(rule.temperature).toBeLessThan(5);
    expect(rule.license).toMatch(/CC BY 4\.0/);
  });
});
