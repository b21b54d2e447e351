import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Manifest, ModelEntry } from "../../src/runtime/manifest-schema.ts";
import type { UtkReport } from "./report-utkface.ts";

type Metric = ModelEntry["card"]["metrics"][number];
const MEASURED = "tools/forge/measured.json";

/** The eval figures each model card reports, by model id. */
export function cardMetrics(results: Record<string, any>, manifest: Manifest, command: string): Record<string, Metric[]> {
  const at = new Date().toISOString().slice(0, 10);
  const out: Record<string, Metric[]> = {};
  const add = (id: string, name: string, value: number, unit: string, dataset: string, n: number) =>
    (out[id] ??= []).push({ name, value: Math.round(value * 10000) / 10000, unit, dataset, n, command, measuredAt: at });
  const utk = results.utkface as Record<string, UtkReport> | undefined;
  for (const [mode, r] of Object.entries(utk ?? {})) {
    const ds = `UTKFace dev (../shared/eval/utkface-dev), ${mode === "pipeline" ? "through the pipeline" : "whole chip"}`;
    add(manifest.defaults.gender, "gender accuracy", r.genderAccuracy, "fraction", ds, r.found);
    add(manifest.defaults.age, `age MAE (Eq. 1, L=${manifest.ageTopL})`, r.ageMae, "years", ds, r.found);
    add(manifest.defaults.gender, "gender accuracy, ages 21-60", r.band21to60.genderAccuracy, "fraction", ds, r.band21to60.n);
    add(manifest.defaults.age, "age MAE, ages 21-60 (clipped)", r.band21to60.ageMae, "years", ds, r.band21to60.n);
    add(manifest.defaults.ethnicity, "ethnicity accuracy", r.ethnicityAccuracy, "fraction", ds, r.found);
    add(manifest.defaults.ethnicity, "ethnicity balanced accuracy", r.ethnicityBalanced, "fraction", ds, r.found);
  }
  for (const [key, r] of Object.entries((results.fer2013 ?? {}) as Record<string, { n: number; accuracy: number; macroF1: number }>)) {
    const [id, variant] = key.split("@");
    if (variant && variant !== "whole") continue; // sweeps stay out of the cards
    const ds = `FER2013 dev (../shared/eval/fer2013-dev), ${variant ? "whole 48x48 image" : "through the pipeline"}`;
    add(id, "emotion accuracy (7 classes)", r.accuracy, "fraction", ds, r.n);
    add(id, "emotion macro-F1", r.macroF1, "fraction", ds, r.n);
  }
  return out;
}

/** Replaces the recorded metrics of the models measured, keeping their parity figures. */
export function recordMetrics(metrics: Record<string, Metric[]>) {
  const measured = existsSync(MEASURED) ? JSON.parse(readFileSync(MEASURED, "utf8")) : {};
  for (const [id, list] of Object.entries(metrics)) measured[id] = { ...measured[id], metrics: list };
  writeFileSync(MEASURED, JSON.stringify(measured, null, 2) + "\n");
  console.error(`[eval] wrote metrics of ${Object.keys(metrics).join(", ")} into ${MEASURED}; run npm run models to update the cards`);
}
