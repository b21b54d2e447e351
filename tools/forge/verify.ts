/**
 * npm run verify [-- --limit N] [--tfjs] [--write]
 * Proves the shipped models compute what the originals compute:
 *  - int8 (models/) against fp32 (build/fp32/, rebuilt by `npm run models`)
 *    on real face crops cut by the product's own pipeline: the demo photos'
 *    faces and their mirrors, plus ../shared/eval faces where it exists;
 *  - with --tfjs, fp32 ONNX against the original TF.js models (slow: gear
 *    runs ~10 s per face in TF.js on the CPU).
 * Prints the agreement figures; with --write, records them in
 * tools/forge/measured.json (tracked), which `npm run models` copies into each
 * model card. A measurement never rewrites a tracked file unless asked.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { toolArgs } from "../tool-args.ts";
import { decodeImage } from "../../src/image/decode.ts";
import type { ModelEntry } from "../../src/runtime/manifest-schema.ts";
import { onCanvas } from "../eval/canvas.ts";
import { evenly, fer2013Samples, utkfaceSamples } from "../eval/datasets.ts";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { FileModels } from "../runtime/file-models.ts";
import { demoPhotos, detectFaces, faceFeeds, photoFeeds, type PhotoSet } from "./calibration-set.ts";
import { verifyParity } from "./convert/parity/verify.ts";
import type { ModelId } from "./convert/index.ts";
import { taskAgreement } from "./quantize/model-metrics.ts";

const USAGE = `Usage: npm run verify -- [--limit N] [--tfjs] [--write]

Proves the shipped models compute what the originals compute: int8 (models/)
against fp32 (build/fp32/, from npm run models) on real face crops; with
--tfjs also fp32 ONNX against the original TF.js models (slow). Prints the
figures.

Options:
  --limit N      ../shared/eval images per set, where they exist (default 200)
  --tfjs         also compare fp32 with TF.js
  --fp32 DIR     the fp32 build (default build/fp32)
  --write        record the figures in tools/forge/measured.json (tracked; npm run models copies them into the model cards)
  -h, --help     this help`;

const { values: args } = toolArgs("verify", USAGE, {
  limit: { type: "string", default: "200" },
  tfjs: { type: "boolean", default: false },
  fp32: { type: "string", default: "build/fp32" },
  write: { type: "boolean", default: false },
});
const limit = Number(args.limit);
const MEASURED = "tools/forge/measured.json";
if (!existsSync(`${args.fp32}/manifest.json`)) throw new Error(`${args.fp32}/manifest.json missing: run npm run models first`);

const backend = createOrtNodeBackend();
const fp32 = new FileModels(args.fp32!, backend);
const int8 = new FileModels("models", backend);
const bundled = (await int8.manifest()).models.filter((m) => m.availability === "bundled");

async function chips(paths: string[]): Promise<PhotoSet[]> {
  const out: PhotoSet[] = [];
  for (const path of paths) out.push({ name: path, image: onCanvas((await decodeImage(new Uint8Array(readFileSync(path)))).image) });
  return out;
}

const photos = await demoPhotos();
const shared: PhotoSet[] = [];
if (existsSync("../shared/eval/utkface-dev")) shared.push(...(await chips(utkfaceSamples("../shared/eval/utkface-dev", limit).map((s) => s.path))));
if (existsSync("../shared/eval/fer2013-dev")) shared.push(...(await chips(evenly(fer2013Samples("../shared/eval/fer2013-dev"), limit >> 1).map((s) => s.path))));
const faces = await detectFaces(fp32, [...photos, ...shared]);
console.error(`[verify] ${photos.length} demo photos + ${shared.length} ../shared/eval images, ${faces.length} faces`);

const measured: Record<string, { parity?: Record<string, number> }> = {};
const round = (x: number) => Math.round(x * 1e6) / 1e6;
for (const entry of bundled) {
  if (entry.precision === "fp32") continue; // shipped as converted: nothing to compare
  const fpEntry = await fp32.entry(entry.id);
  if (fpEntry.kind === "head") continue; // fed features, not crops: tools/heads checks them
  const feeds = entry.kind === "detector" ? photoFeeds(fpEntry, [...photos, ...shared]) : faceFeeds(fpEntry, faces);
  const agreement = await taskAgreement(await fp32.session(entry.id), await int8.session(entry.id), feeds);
  const parity: Record<string, number> = { [`${entry.precision} vs fp32: inputs`]: feeds.length };
  for (const [k, v] of Object.entries(agreement)) parity[`${entry.precision} vs fp32: ${k}`] = round(v);
  measured[entry.id] = { parity };
  console.log(`\n${entry.id} (${entry.precision}, ${feeds.length} inputs)`);
  for (const [k, v] of Object.entries(agreement)) console.log(`  ${k}: ${round(v)}`);
}

if (args.tfjs) {
  // Only what the forge converts from TF.js: heads are trained here (tools/heads), not converted.
  for (const r of await verifyParity({ ids: bundled.filter((m) => m.kind !== "head").map((m) => m.id as ModelId) })) {
    const parity = (measured[r.id] ??= {}).parity ??= {};
    for (const o of r.outputs) parity[`fp32 vs TF.js: ${o.output} max|diff|`] = o.maxAbs;
    parity["fp32 vs TF.js: cases"] = r.cases;
    console.log(`\n${r.id} fp32 vs TF.js (${r.cases} cases): ${r.outputs.map((o) => `${o.output} ${o.maxAbs.toExponential(1)}`).join(", ")}`);
  }
}
if (args.write) {
  // Merge with what is on disk now (eval may have written metrics meanwhile).
  const onDisk = existsSync(MEASURED) ? JSON.parse(readFileSync(MEASURED, "utf8")) : {};
  for (const [id, m] of Object.entries(measured)) onDisk[id] = { ...onDisk[id], parity: { ...onDisk[id]?.parity, ...m.parity } };
  writeFileSync(MEASURED, JSON.stringify(onDisk, null, 2) + "\n");
  console.error(`[verify] wrote ${MEASURED}`);
} else {
  console.error(`[verify] ${MEASURED} left as it is (--write records these figures)`);
}
