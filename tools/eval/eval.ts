/**
 * npm run eval -- --utkface DIR --fer2013 DIR [--models models] [--limit N]
 *                 [--sweep] [--json out.json]
 * Accuracy of the served models through the same pipeline as the Worker
 * (decode, detect, crop per manifest, batched inference, Eq. 1), on
 * onnxruntime-node. --sweep also tries other crop scales and L.
 */
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Manifest } from "../../src/runtime/manifest-schema.ts";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { FileModels } from "../runtime/file-models.ts";
import { fer2013Samples, utkfaceSamples } from "./datasets.ts";
import { accuracy, macroF1 } from "./metrics.ts";
import { utkReport } from "./report-utkface.ts";
import { predictFer } from "./run-fer.ts";
import { predictUtkface } from "./run-utkface.ts";

const { values: args } = parseArgs({
  options: {
    utkface: { type: "string" },
    fer2013: { type: "string" },
    models: { type: "string", default: "models" },
    limit: { type: "string" },
    sweep: { type: "boolean", default: false },
    /** With --sweep: only these model ids (comma-separated). */
    "sweep-models": { type: "string" },
    json: { type: "string" },
  },
});

const limit = args.limit ? Number(args.limit) : Infinity;
const sweepOnly = args["sweep-models"]?.split(",");
const sweeps = (id: string) => args.sweep && (!sweepOnly || sweepOnly.includes(id));
const backend = createOrtNodeBackend();
const base = new FileModels(args.models!, backend);
const manifest = await base.manifest();
const results: Record<string, unknown> = { command: `npm run eval -- ${process.argv.slice(2).join(" ")}`, date: new Date().toISOString() };
const pct = (x: number) => (100 * x).toFixed(2) + "%";
const f2 = (x: number) => x.toFixed(2);

/** The same models with one entry's crop scale changed. */
function withCropScale(id: string, scale: number): FileModels {
  const m: Manifest = structuredClone(manifest);
  m.models.find((e) => e.id === id)!.crop.scale = scale;
  return new FileModels(args.models!, backend, m);
}

if (args.utkface && existsSync(args.utkface)) {
  const samples = utkfaceSamples(args.utkface, limit);
  const ageModel = await base.entry(manifest.defaults.age);
  const offset = ageModel.outputs.find((o) => o.role === "age_posterior")?.offset ?? 0;
  const preds = await predictUtkface(base, samples, ["age", "gender", "ethnicity"]);
  const r = utkReport(preds, manifest.ageTopL, offset);
  results.utkface = r;
  console.log(`\n## UTKFace (${args.utkface}): ${r.found}/${r.n} faces found`);
  console.log(`gender ${pct(r.genderAccuracy)}, age MAE ${f2(r.ageMae)} (L=${manifest.ageTopL}); ages 21-60 (n=${r.band21to60.n}): gender ${pct(r.band21to60.genderAccuracy)}, MAE ${f2(r.band21to60.ageMae)} (clipped to 21-60)`);
  console.log(`ethnicity ${pct(r.ethnicityAccuracy)} (balanced ${pct(r.ethnicityBalanced)})`);
  console.log("| band | n | gender | age MAE |\n|---|---|---|---|");
  for (const b of r.bands) console.log(`| ${b.band} | ${b.n} | ${pct(b.genderAccuracy)} | ${f2(b.ageMae)} |`);
  console.log("age MAE by L:", Object.entries(r.ageMaeByL).map(([L, v]) => `L=${L}: ${f2(v)}`).join(", "));
  if (args.sweep) {
    const sweep: Record<string, unknown> = {};
    for (const [id, tasks, scales] of [
      [manifest.defaults.age, ["age", "gender"], [0.9, 1.0, 1.1, 1.2, 1.3]],
      [manifest.defaults.ethnicity, ["ethnicity"], [0.8, 1.0, 1.3, 1.6, 1.9, 2.2]],
    ] as const) {
      if (!sweeps(id)) continue;
      for (const s of scales) {
        const sr = utkReport(await predictUtkface(withCropScale(id, s), samples, [...tasks]), manifest.ageTopL, offset);
        sweep[`${id}@${s}`] = { gender: sr.genderAccuracy, ageMae: sr.ageMae, ethnicity: sr.ethnicityAccuracy };
        console.log(`sweep ${id} crop.scale=${s}: gender ${pct(sr.genderAccuracy)}, MAE ${f2(sr.ageMae)}, ethnicity ${pct(sr.ethnicityAccuracy)}`);
      }
    }
    results.utkfaceSweep = sweep;
  }
}

if (args.fer2013 && existsSync(args.fer2013)) {
  const samples = fer2013Samples(args.fer2013, limit);
  const emotionModels = manifest.models.filter((m) => m.tasks.includes("emotion") && m.availability === "bundled");
  const fer: Record<string, unknown> = {};
  console.log(`\n## FER2013 (${args.fer2013}): ${samples.length} faces`);
  for (const m of emotionModels) {
    const scales = sweeps(m.id) ? [0.9, 1.0, 1.1, 1.2, 1.3, 1.5] : [undefined];
    for (const s of scales) {
      const models = s === undefined ? base : withCropScale(m.id, s);
      const preds = await predictFer(models, samples, m.id);
      const labels = m.outputs.find((o) => o.role === "emotion")!.labels!;
      const pairs = preds.map((p) => ({ truth: p.sample.label, pred: p.pred }));
      // FER2013 has no contempt: score over the classes both share.
      const shared = labels.filter((l) => samples.some((x) => x.label === l));
      const row = { found: preds.filter((p) => p.pred).length, n: preds.length, accuracy: accuracy(pairs), macroF1: macroF1(pairs, shared) };
      fer[s === undefined ? m.id : `${m.id}@${s}`] = row;
      console.log(`${m.id}${s === undefined ? "" : ` crop.scale=${s}`}: accuracy ${pct(row.accuracy)}, macro-F1 ${pct(row.macroF1)} (${row.found}/${row.n} faces found; misses count as wrong)`);
    }
  }
  results.fer2013 = fer;
}

if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 2) + "\n");
