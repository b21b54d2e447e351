/**
 * npm run eval -- --utkface DIR --fer2013 DIR [--models models] [--limit N]
 *                 [--whole] [--sweep [--sweep-models a,b]] [--json out.json] [--write-cards]
 *                 [--head models/faceres_ethnicity.fp32.onnx ...]
 * Accuracy of the served models through the same pipeline as the Worker
 * (decode, detect, crop per manifest, batched inference, Eq. 1) on
 * onnxruntime-node. --whole also feeds each dataset image whole to the models
 * (the framing the datasets were made with, as a reference); --sweep tries
 * other crop scales; --write-cards records the figures in
 * tools/forge/measured.json for the model cards (`npm run models`). --head
 * measures an ethnicity head on faceres's features (npm run train:head)
 * beside gear on the same faces.
 */
import { existsSync, writeFileSync } from "node:fs";
import { toolArgs } from "../tool-args.ts";
import { Manifest } from "../../src/runtime/manifest-schema.ts";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { FileModels } from "../runtime/file-models.ts";
import { cardMetrics, recordMetrics } from "./card-metrics.ts";
import { formatEthnicityReports, type EthnicityReport } from "../heads/ethnicity-report.ts";
import { ethnicityHead, ethnicityOf } from "./heads.ts";
import { fer2013Samples, utkfaceSamples } from "./datasets.ts";
import { accuracy, macroF1 } from "./metrics.ts";
import { utkReport, type UtkReport } from "./report-utkface.ts";
import { predictFer } from "./run-fer.ts";
import { modelsForMode, withFaceCrops, type EvalMode } from "./framing.ts";
import { predictUtkface } from "./run-utkface.ts";

const USAGE = `Usage: npm run eval -- [--utkface DIR] [--fer2013 DIR] [options]

Accuracy of the served models through the same pipeline as the Worker
(decode, detect, crop per manifest, batched inference, Eq. 1) on
onnxruntime-node, on UTKFace chips (age, gender, ethnicity) and FER2013 faces
(emotion). Prints the figures; writes nothing unless asked.

Options:
  --utkface DIR       UTKFace images (e.g. ../shared/eval/utkface-dev)
  --fer2013 DIR       FER2013 images in <label>/ folders (e.g. ../shared/eval/fer2013-dev)
  --models DIR        models folder (default models)
  --limit N           at most N images per set
  --whole             also feed each dataset image whole to the models
  --sweep             also try other crop scales [--sweep-models a,b]
  --human-feed        also run faceres fed as @vladmandic/human feeds it
  --json FILE         write every figure as JSON
  --write-cards       record the figures in tools/forge/measured.json for the model cards
  --head FILE         also measure an ethnicity head on faceres features (repeatable)
  -h, --help          this help`;

const { values: args } = toolArgs("eval", USAGE, {
    utkface: { type: "string" },
    fer2013: { type: "string" },
    models: { type: "string", default: "models" },
    limit: { type: "string" },
    whole: { type: "boolean", default: false },
    sweep: { type: "boolean", default: false },
    "sweep-models": { type: "string" },
    json: { type: "string" },
    "write-cards": { type: "boolean", default: false },
    /** Also run faceres fed as @vladmandic/human feeds it (RGB 0..255, no mean): the preprocessing ablation. */
    "human-feed": { type: "boolean", default: false },
    head: { type: "string", multiple: true },
});
if (!args.utkface && !args.fer2013) throw new Error(`give --utkface DIR and/or --fer2013 DIR\n\n${USAGE}`);

const command = `npm run eval -- ${process.argv.slice(2).join(" ")}`;
const limit = args.limit ? Number(args.limit) : Infinity;
const sweepOnly = args["sweep-models"]?.split(",");
const sweeps = (id: string) => args.sweep && (!sweepOnly || sweepOnly.includes(id));
const backend = createOrtNodeBackend();
const base = new FileModels(args.models!, backend);
const manifest = await base.manifest();
const modes: EvalMode[] = args.whole ? ["pipeline", "whole"] : ["pipeline"];
const results: Record<string, unknown> = { command, date: new Date().toISOString() };
const pct = (x: number) => (100 * x).toFixed(2) + "%";
const f2 = (x: number) => x.toFixed(2);

const modelsFor = (mode: EvalMode) => modelsForMode(mode, args.models!, backend, manifest, base);
const withScale = (id: string, scale: number) => withFaceCrops(args.models!, backend, manifest, (e) => e.id === id && (e.crop.scale = scale));

function printUtk(title: string, r: UtkReport) {
  console.log(`\n## UTKFace, ${title}: ${r.found}/${r.n} faces found`);
  console.log(`gender ${pct(r.genderAccuracy)}, age MAE ${f2(r.ageMae)} (L=${manifest.ageTopL}); ages 21-60 (n=${r.band21to60.n}): gender ${pct(r.band21to60.genderAccuracy)}, MAE ${f2(r.band21to60.ageMae)} (clipped to 21-60)`);
  console.log(`ethnicity ${pct(r.ethnicityAccuracy)} (balanced ${pct(r.ethnicityBalanced)})`);
  console.log("| band | n | gender | age MAE |\n|---|---|---|---|");
  for (const b of r.bands) console.log(`| ${b.band} | ${b.n} | ${pct(b.genderAccuracy)} | ${f2(b.ageMae)} |`);
  console.log("age MAE by L:", Object.entries(r.ageMaeByL).map(([L, v]) => `L=${L}: ${f2(v)}`).join(", "));
}

if (args.utkface && existsSync(args.utkface)) {
  const samples = utkfaceSamples(args.utkface, limit);
  const offset = (await base.entry(manifest.defaults.age)).outputs.find((o) => o.role === "age_posterior")?.offset ?? 0;
  const utk: Record<string, UtkReport> = {};
  const heads = await Promise.all((args.head ?? []).map((path) => ethnicityHead(path, backend)));
  const ethnicity: EthnicityReport[] = [];
  for (const mode of modes) {
    const preds = await predictUtkface(modelsFor(mode), samples, ["age", "gender", "ethnicity", ...(heads.length ? (["features"] as const) : [])], mode);
    utk[mode] = utkReport(preds, manifest.ageTopL, offset);
    printUtk(mode === "pipeline" ? "through the pipeline (chip on a canvas, detected, cut per manifest)" : "whole chip fed to each model", utk[mode]);
    if (heads.length) {
      ethnicity.push(ethnicityOf(manifest.defaults.ethnicity, mode, preds));
      for (const head of heads) ethnicity.push(ethnicityOf(head.id, mode, await head.apply(preds)));
    }
  }
  if (ethnicity.length) {
    console.log(`\n## UTKFace ethnicity: heads on faceres's features beside ${manifest.defaults.ethnicity}\n`);
    console.log(formatEthnicityReports(ethnicity));
    results.ethnicityHeads = ethnicity;
  }
  if (args["human-feed"]) {
    const m: Manifest = structuredClone(manifest);
    Object.assign(m.models.find((e) => e.id === manifest.defaults.age)!.input, { colorOrder: "RGB", scale: 1, mean: [0], std: [1] });
    const r = utkReport(await predictUtkface(new FileModels(args.models!, backend, m), samples, ["age", "gender"]), manifest.ageTopL, offset);
    printUtk("faceres fed as @vladmandic/human feeds it (RGB 0..255, no mean), same pipeline", r);
    results.utkfaceHumanFeed = r;
  }
  results.utkface = utk;
  const sweep: Record<string, unknown> = {};
  for (const [id, tasks, scales] of [
    [manifest.defaults.age, ["age", "gender"], [0.9, 1.0, 1.1, 1.2, 1.3]],
    [manifest.defaults.ethnicity, ["ethnicity"], [0.8, 1.0, 1.1, 1.3, 1.6]],
  ] as const) {
    if (!sweeps(id)) continue;
    for (const s of scales) {
      const r = utkReport(await predictUtkface(withScale(id, s), samples, [...tasks]), manifest.ageTopL, offset);
      sweep[`${id}@${s}`] = { gender: r.genderAccuracy, ageMae: r.ageMae, ethnicity: r.ethnicityAccuracy };
      console.log(`sweep ${id} crop.scale=${s}: gender ${pct(r.genderAccuracy)}, MAE ${f2(r.ageMae)}, ethnicity ${pct(r.ethnicityAccuracy)}`);
    }
  }
  if (Object.keys(sweep).length) results.utkfaceSweep = sweep;
}

if (args.fer2013 && existsSync(args.fer2013)) {
  const samples = fer2013Samples(args.fer2013, limit);
  const fer: Record<string, { n: number; found: number; accuracy: number; macroF1: number }> = {};
  console.log(`\n## FER2013 (${args.fer2013}): ${samples.length} faces`);
  for (const m of manifest.models.filter((e) => e.tasks.includes("emotion") && e.availability === "bundled")) {
    const labels = m.outputs.find((o) => o.role === "emotion")!.labels!;
    // FER2013 has no contempt: macro-F1 over the classes it has.
    const shared = labels.filter((l) => samples.some((x) => x.label === l));
    const runs: [string, FileModels, EvalMode][] = modes.map((mode) => [mode === "pipeline" ? m.id : `${m.id}@whole`, modelsFor(mode), mode]);
    if (sweeps(m.id)) for (const s of [0.9, 1.0, 1.1, 1.2, 1.3]) runs.push([`${m.id}@${s}`, withScale(m.id, s), "pipeline"]);
    for (const [key, models, mode] of runs) {
      const preds = await predictFer(models, samples, m.id, mode);
      const pairs = preds.map((p) => ({ truth: p.sample.label, pred: p.pred }));
      fer[key] = { n: preds.length, found: preds.filter((p) => p.pred).length, accuracy: accuracy(pairs), macroF1: macroF1(pairs, shared) };
      console.log(`${key}: accuracy ${pct(fer[key].accuracy)}, macro-F1 ${pct(fer[key].macroF1)} (${fer[key].found}/${fer[key].n} faces found; misses count as wrong)`);
    }
  }
  results.fer2013 = fer;
}

if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 2) + "\n");
if (args["write-cards"]) recordMetrics(cardMetrics(results, manifest, command));
