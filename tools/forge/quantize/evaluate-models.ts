/**
 * Quantize the converted models in both modes and report size and fp32-vs-int8
 * agreement on real face crops.
 *   npx tsx tools/forge/quantize/evaluate-models.ts [--fp32 build/fp32] [--out build/int8] [id ...]
 *   --calibration minmax (default) | p99.99 (percentile clipping); --utk 64 (UTKFace chips per half)
 * Writes <out>/<id>.int8-weights.onnx, <out>/<id>.int8-static.onnx and <out>/quantize-report.json.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel, encodeModel } from "../onnx/proto.ts";
import { quantizeModel } from "./quantize-model.ts";
import { headConvs } from "./graph-index.ts";
import { nodeSession, webSession } from "./sessions.ts";
import { taskAgreement, type Agreement } from "./model-metrics.ts";
import { sampleFaces, samplePhotos, utkChips, type Face } from "./face-set.ts";
import { INPUT_SIZE, isDetector, modelInput, type ModelId } from "./preprocess.ts";
import type { CalibrationMethod, Feeds } from "./calibrate.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const fp32Dir = flag("--fp32", "build/fp32");
const outDir = flag("--out", "build/int8");
const utkCount = Number(flag("--utk", "64"));
const method = flag("--calibration", "minmax"); // or p<percentile>, e.g. p99.99
const calibrationMethod: CalibrationMethod = method === "minmax" ? "minmax" : { percentile: Number(method.slice(1)) };
const ids = (args.length ? args : Object.keys(INPUT_SIZE)) as ModelId[];

/** Tensors the API returns as-is must stay exact. */
const KEEP_FLOAT: Partial<Record<ModelId, string[]>> = { faceres: ["features"] };

// Disjoint halves: odd-numbered photos + UTK part 0 calibrate; the rest compare.
const faces = sampleFaces();
const photos = samplePhotos();
const split = (list: Face[], part: 0 | 1) => list.filter((f) => (Number(/sample(\d)/.exec(f.id)?.[1] ?? 0) % 2 === 1) === (part === 0));
const sets = ([0, 1] as const).map((part) => ({ faces: split(faces, part), photos: split(photos, part), chips: utkChips(utkCount, part) }));

function feedsFor(id: ModelId, inputName: string, part: 0 | 1): Feeds[] {
  const s = sets[part];
  const items = isDetector(id)
    ? [...s.photos.map((f) => modelInput(id, f.image)), ...s.chips.map((f) => modelInput(id, f.image, true))]
    : [...s.faces, ...s.chips].map((f) => modelInput(id, f.image));
  return items.map((t) => ({ [inputName]: t }));
}

const round = (x: number) => Number(x.toPrecision(4));
const report: Record<string, unknown> = {};
mkdirSync(outDir, { recursive: true });
for (const id of ids) {
  const path = join(fp32Dir, `${id}.onnx`);
  if (!existsSync(path)) {
    console.log(`${id}: ${path} missing, skipped`);
    continue;
  }
  const fp32 = loadModel(path);
  const fp32Bytes = encodeModel(fp32);
  const reference = await nodeSession(fp32Bytes);
  const input = reference.inputNames[0];
  const calibration = feedsFor(id, input, 0);
  const holdout = feedsFor(id, input, 1);
  // Detector heads stay float: halves BlazeFace's score flips for +15% size.
  const excludeNodes = isDetector(id) ? headConvs(fp32.graph!) : [];
  const entry: Record<string, unknown> = { fp32Bytes: fp32Bytes.length, calibrationSamples: calibration.length, comparisonSamples: holdout.length };
  for (const mode of ["weights", "static"] as const) {
    const q = await quantizeModel(fp32, { mode, calibration, calibrationMethod, keepFloat: KEEP_FLOAT[id], excludeNodes });
    const bytes = encodeModel(q);
    writeFileSync(join(outDir, `${id}.int8-${mode}.onnx`), bytes);
    const agreement: Agreement = await taskAgreement(reference, await nodeSession(bytes), holdout);
    // The product runs onnxruntime-web: the int8 model must load there and match ort-node.
    const web = await webSession(bytes);
    const webVsNode = await taskAgreement(await nodeSession(bytes), web, holdout.slice(0, 4));
    const webMaxDiff = Math.max(...Object.entries(webVsNode).filter(([k]) => k.endsWith("max|diff|")).map(([, v]) => v));
    entry[mode] = { bytes: bytes.length, ratio: round(bytes.length / fp32Bytes.length), webVsNodeMaxDiff: webMaxDiff, ...Object.fromEntries(Object.entries(agreement).map(([k, v]) => [k, round(v)])) };
    console.log(`${id} ${mode}:`, JSON.stringify(entry[mode]));
  }
  report[id] = entry;
}
writeFileSync(join(outDir, "quantize-report.json"), JSON.stringify(report, null, 2) + "\n");
