/**
 * npx tsx tools/heads/extract-features.ts --dataset fairface|utkface --dir DIR
 *     [--framing pipeline|direct|whole] [--gear] [--flip] [--limit N] [--models models] [--cache build/heads]
 *
 * Runs every image of a labelled set through the API's own pipeline
 * (BlazeFace, eye alignment, the manifest's crop, int8 faceres on
 * onnxruntime-node) and caches, per image, the faceres identity features,
 * age posterior and P(male) (and gear's ethnicity with --gear), for training
 * and measuring heads. A cache is reused only when the models, crops and
 * framing it was made with are unchanged.
 */
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { FaceAnalysis } from "../../src/pipeline/face-analysis.ts";
import type { AnalyzeOptions } from "../../src/pipeline/types.ts";
import type { Task } from "../../src/tasks/registry.ts";
import { evenly } from "../eval/datasets.ts";
import { EVAL_MODES, modelsForMode, type EvalMode } from "../eval/framing.ts";
import { analyzeChip } from "../eval/run-utkface.ts";
import { mirrored } from "../eval/canvas.ts";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { FileModels } from "../runtime/file-models.ts";
import { fairfaceImages, utkfaceImages, type LabelledImage } from "./datasets.ts";
import { COLUMNS, loadCache, ROW, saveCache, type CachedImage, type FeatureCache } from "./feature-cache.ts";
import { isMain } from "../is-main.mjs";

export type DatasetKind = "fairface" | "utkface";

export interface ExtractRequest {
  dataset: DatasetKind;
  dir: string;
  framing: EvalMode;
  /** Also run gear (the current ethnicity model) on each face. */
  gear?: boolean;
  /** Mirror every image left to right first (training-time augmentation: costs nothing at inference). */
  flip?: boolean;
  /** At most this many images, spread evenly over the set. */
  limit?: number;
  models?: string;
  cache?: string;
  log?: (line: string) => void;
}

export const DEFAULT_CACHE = "build/heads";
/** The separate ethnicity CNN the heads are compared with. */
export const GEAR = "gear";

export function labelledImages(dataset: DatasetKind, dir: string, limit = Infinity): LabelledImage[] {
  return evenly(dataset === "fairface" ? fairfaceImages(dir) : utkfaceImages(dir), limit);
}

/** The cached pipeline outputs of a set, computed first if the cache is missing or stale. */
export async function featuresFor(req: ExtractRequest): Promise<FeatureCache> {
  const log = req.log ?? ((l: string) => console.error(l));
  const modelsDir = req.models ?? "models";
  const backend = createOrtNodeBackend();
  const base = new FileModels(modelsDir, backend);
  const manifest = await base.manifest();
  const models = modelsForMode(req.framing, modelsDir, backend, manifest, base);
  const m = await models.manifest();
  const tasks: Task[] = ["age", "gender", "features", ...(req.gear ? (["ethnicity"] as const) : [])];
  const options: AnalyzeOptions = { tasks, maxFaces: 5, minFaceSize: 0, ageTopL: m.ageTopL };
  const faceres = await models.entry(m.defaults.features);
  // gear by id: the manifest's default for ethnicity is now a head on faceres.
  const used = [m.defaults.detector, m.defaults.features, ...(req.gear ? [GEAR] : [])];
  const entries = await Promise.all(used.map((id) => models.entry(id)));
  if (m.defaults.age !== faceres.id || m.defaults.gender !== faceres.id) throw new Error("age, gender and features must come from one model");
  const key = createHash("sha256")
    .update(JSON.stringify({ v: 1, framing: req.framing, ...(req.flip ? { flip: true } : {}), options, models: entries.map((e) => ({ id: e.id, sha256: e.sha256, input: e.input, crop: "crop" in e ? e.crop : undefined, outputs: e.outputs })) }))
    .digest("hex");

  const images = labelledImages(req.dataset, req.dir, req.limit);
  const name = `${req.dataset}-${basename(req.dir)}-${req.framing}${req.flip ? "-flip" : ""}${req.gear ? "-gear" : ""}${req.limit && req.limit < Infinity ? `-n${req.limit}` : ""}`;
  const path = join(req.cache ?? DEFAULT_CACHE, name);
  const cached = loadCache(path, key, images.map((i) => i.file));
  if (cached) {
    log(`[features] ${name}: reusing ${path}.f32 (${cached.images.filter((i) => i.row >= 0).length}/${images.length} faces)`);
    return cached;
  }

  log(`[features] ${name}: ${images.length} images through the pipeline (${req.framing}), tasks ${tasks.join(",")}`);
  const analysis = new FaceAnalysis(models);
  const rows: Float32Array[] = [];
  const out: CachedImage[] = [];
  const t0 = performance.now();
  for (const [i, image] of images.entries()) {
    const face = await analyzeChip(analysis, image.path, { ...options, ...(req.gear ? { ethnicityModel: GEAR } : {}) }, req.framing, req.flip ? mirrored : undefined);
    if (face?.features && face.age?.posterior && face.gender) {
      const row = new Float32Array(ROW).fill(NaN);
      row.set(face.features, COLUMNS.features[0]);
      row.set(face.age.posterior, COLUMNS.agePosterior[0]);
      row[COLUMNS.pMale[0]] = face.gender.label === "male" ? face.gender.probability : 1 - face.gender.probability;
      if (face.ethnicity) row.set(face.ethnicity.probs, COLUMNS.gear[0]);
      out.push({ ...image, row: rows.length, box: face.box, score: face.score });
      rows.push(row);
    } else out.push({ ...image, row: -1 });
    if ((i + 1) % 500 === 0) log(`[features] ${name}: ${i + 1}/${images.length}, ${rows.length} faces, ${((performance.now() - t0) / (i + 1)).toFixed(1)} ms/image`);
  }
  const matrix = new Float32Array(rows.length * ROW);
  rows.forEach((r, i) => matrix.set(r, i * ROW));
  const cache: FeatureCache = { key, dataset: req.dataset, framing: req.framing, images: out, matrix };
  saveCache(path, cache);
  const missed = out.filter((o) => o.row < 0);
  log(`[features] ${name}: ${rows.length}/${images.length} faces found (${missed.length} missed${missed.length ? `: ${missed.slice(0, 8).map((o) => o.file).join(", ")}${missed.length > 8 ? ", ..." : ""}` : ""}), wrote ${path}.f32`);
  return cache;
}

async function main() {
  const { values } = parseArgs({
    options: {
      dataset: { type: "string" },
      dir: { type: "string" },
      framing: { type: "string", default: "pipeline" },
      gear: { type: "boolean", default: false },
      flip: { type: "boolean", default: false },
      limit: { type: "string" },
      models: { type: "string", default: "models" },
      cache: { type: "string", default: DEFAULT_CACHE },
    },
  });
  const framing = values.framing as EvalMode;
  if ((values.dataset !== "fairface" && values.dataset !== "utkface") || !values.dir || !EVAL_MODES.includes(framing)) {
    console.error("usage: npx tsx tools/heads/extract-features.ts --dataset fairface|utkface --dir DIR [--framing pipeline|direct|whole] [--gear] [--flip] [--limit N]");
    process.exit(2);
  }
  await featuresFor({ dataset: values.dataset, dir: values.dir, framing, gear: values.gear, flip: values.flip, limit: values.limit ? Number(values.limit) : undefined, models: values.models, cache: values.cache });
}

if (isMain(import.meta.url)) await main();
