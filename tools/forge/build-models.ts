/**
 * npm run models: regenerates every file in models/ from the pinned npm
 * packages — convert (TF.js → fp32 ONNX), calibrate on the demo photos'
 * faces, quantize to int8, write manifest.json. Deterministic: the same
 * packages give the same bytes.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { toolArgs } from "../tool-args.ts";
import { Manifest, type CalibrationEntry, type ImageModelEntry, type ModelEntry } from "../../src/runtime/manifest-schema.ts";
import { calibrationEntries, headEntries } from "../heads/manifest-entries.ts";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { FileModels } from "../runtime/file-models.ts";
import { demoPhotos, detectFaces, faceFeeds, photoFeeds, type PhotoSet } from "./calibration-set.ts";
import { convertModel, type ModelId } from "./convert/index.ts";
import { shippedBytes } from "./shipped-bytes.ts";
import { AGE_TOP_L, BUNDLED_SPECS, DEFAULTS, USER_SUPPLIED_SPECS } from "./specs/index.ts";
import type { ModelSpec } from "./specs/types.ts";
import { sampleCrop } from "../../src/pipeline/crop.ts";

const USAGE = `Usage: npm run models -- [--out DIR] [--fp32 DIR]

Regenerates every file in models/ from the pinned npm packages: convert
(TF.js -> fp32 ONNX), calibrate on the demo photos' faces, quantize, write
manifest.json. Deterministic: the same packages give the same bytes.

Options:
  --out DIR     where the shipped models go (default models)
  --fp32 DIR    where the fp32 conversions go (default build/fp32)
  -h, --help    this help`;

const { values: args } = toolArgs("models", USAGE, { out: { type: "string", default: "models" }, fp32: { type: "string", default: "build/fp32" } });
const OUT = args.out!;
const FP32 = args.fp32!;
const MEASURED = "tools/forge/measured.json";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const log = (...a: unknown[]) => console.error("[models]", ...a);

function entryOf(spec: ModelSpec, file: string, bytes: Uint8Array | undefined, precision: ModelEntry["precision"]): ImageModelEntry {
  const { quantize: _q, keepFloat: _k, floatNodes: _f, ...rest } = spec;
  const measured = readMeasured()[spec.id] ?? {};
  return {
    ...rest,
    file,
    availability: bytes ? "bundled" : "user-supplied",
    ...(bytes ? { sha256: sha256(bytes), bytes: bytes.byteLength } : {}),
    precision,
    maxBatch: spec.maxBatch ?? 8,
    card: { ...spec.card, metrics: measured.metrics ?? [], parity: measured.parity ?? {} },
  };
}

function readMeasured(): Record<string, { metrics?: ModelEntry["card"]["metrics"]; parity?: Record<string, number> }> {
  try {
    return JSON.parse(readFileSync(MEASURED, "utf8"));
  } catch {
    return {};
  }
}

function manifestOf(models: ModelEntry[], calibrations: CalibrationEntry[] = []): Manifest {
  return Manifest.parse({ schema: 1, defaults: DEFAULTS, ageTopL: AGE_TOP_L, models, calibrations });
}

/** Square regions around each face at 3x its size: close-ups for detector calibration. */
function closeUps(faces: Awaited<ReturnType<typeof detectFaces>>): PhotoSet[] {
  return faces.map(({ photo, face }, i) => {
    const side = Math.round(3 * Math.max(face.box.width, face.box.height));
    const cx = face.box.x + face.box.width / 2;
    const cy = face.box.y + face.box.height / 2;
    const rgb = sampleCrop(photo.image, { cx, cy, width: side, height: side, angle: 0 }, 256, 256);
    const data = new Uint8Array(256 * 256 * 4);
    for (let p = 0; p < 256 * 256; p++) data.set([rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2], 255], 4 * p);
    return { name: `${photo.name}#face${i}`, image: { width: 256, height: 256, data } };
  });
}

mkdirSync(OUT, { recursive: true });
mkdirSync(FP32, { recursive: true });

// 1. Convert.
const fp32Entries: ImageModelEntry[] = [];
const converted = new Map<string, Awaited<ReturnType<typeof convertModel>>>();
for (const spec of BUNDLED_SPECS) {
  const c = await convertModel(spec.id as ModelId);
  converted.set(spec.id, c);
  writeFileSync(join(FP32, `${spec.id}.onnx`), c.bytes);
  fp32Entries.push(entryOf(spec, `${spec.id}.onnx`, c.bytes, "fp32"));
  log(`converted ${spec.id}: ${c.bytes.byteLength} bytes in ${c.info.ms} ms`);
}
const fp32Manifest = manifestOf(fp32Entries);
writeFileSync(join(FP32, "manifest.json"), JSON.stringify(fp32Manifest, null, 2) + "\n");

// 2. Calibration data for static QDQ: the fp32 pipeline on the demo photos
// and their mirrors (computed only when a spec asks for static).
let calibrationSet: Promise<{ faces: Awaited<ReturnType<typeof detectFaces>>; detectorPhotos: PhotoSet[] }> | undefined;
function calibrationFor(entry: ImageModelEntry) {
  calibrationSet ??= (async () => {
    const fp32 = new FileModels(FP32, createOrtNodeBackend(), fp32Manifest);
    const photos = await demoPhotos();
    const faces = await detectFaces(fp32, photos);
    log(`calibration: ${photos.length} photos, ${faces.length} faces`);
    return { faces, detectorPhotos: [...photos, ...closeUps(faces)] };
  })();
  return calibrationSet.then(({ faces, detectorPhotos }) => (entry.kind === "detector" ? photoFeeds(entry, detectorPhotos) : faceFeeds(entry, faces)));
}

// 3. Quantize and write; remove model files no longer produced.
const entries: ModelEntry[] = [];
for (const spec of BUNDLED_SPECS) {
  const fpEntry = fp32Entries.find((e) => e.id === spec.id)!;
  const fp = converted.get(spec.id)!;
  const calibration = spec.quantize === "static" ? await calibrationFor(fpEntry) : undefined;
  const bytes = await shippedBytes(spec, fp, calibration);
  const precision = ({ static: "int8-qdq", weights: "int8-weights", none: "fp32" } as const)[spec.quantize];
  const file = `${spec.id}.${precision === "fp32" ? "fp32" : "int8"}.onnx`;
  writeFileSync(join(OUT, file), bytes);
  entries.push(entryOf(spec, file, bytes, precision));
  log(`${spec.id}: ${precision}, ${bytes.byteLength} bytes`);
}
for (const spec of USER_SUPPLIED_SPECS) entries.push(entryOf(spec, `${spec.id}.onnx`, undefined, "fp32"));
// Heads on faceres and calibrations (npm run train:head) live in models/heads/ and models/calibration/, which the clean-up below keeps.
entries.push(...headEntries(OUT, log));

writeFileSync(join(OUT, "manifest.json"), JSON.stringify(manifestOf(entries, calibrationEntries(OUT)), null, 2) + "\n");
const written = new Set(entries.filter((e) => e.availability === "bundled").map((e) => e.file));
for (const f of readdirSync(OUT)) if (f.endsWith(".onnx") && !written.has(f)) rmSync(join(OUT, f));
log(`wrote ${OUT}/manifest.json with ${entries.length} models`);
