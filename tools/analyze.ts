/**
 * npm run analyze -- photo.jpg [--tasks emotion,age] [--models models] [--emotion-model id] [--ethnicity-model id]
 *                   [--age-calibration id] [--features array]
 * Prints the same JSON as POST /v1/analyze, computed in Node by the same
 * pipeline code: on native onnxruntime-node with the tools install, else on
 * onnxruntime-web's wasm (tools/runtime/node-backend.ts).
 */
import { readFileSync } from "node:fs";
import { toolArgs, usageError } from "./tool-args.ts";
import { FaceAnalysis } from "../src/pipeline/face-analysis.ts";
import { normalizeOptions } from "../src/pipeline/options.ts";
import { analyzeImageBytes } from "../src/pipeline/analyze-image.ts";
import { toAnalyzeJson } from "../src/tasks/answer.ts";
import { createNodeBackend } from "./runtime/node-backend.ts";
import { FileModels } from "./runtime/file-models.ts";

const USAGE = `Usage: npm run analyze -- photo.jpg [more.jpg ...] [options]

Prints the JSON POST /v1/analyze answers, computed in Node (onnxruntime-node)
by the same pipeline code.

Options:
  --tasks LIST           comma-separated: emotion,age,gender,ethnicity,features,landmarks
  --emotion-model ID     an emotion model of the manifest
  --max-faces N          at most N faces (default 20)
  --min-face-size PX     ignore smaller faces (default 24)
  --age-top-l L          L of the paper's Eq. 1 (default: the manifest's)
  --features base64|array  identity feature encoding (default base64)
  --models DIR           models folder (default models)
  -h, --help             this help`;

const { values: args, positionals } = toolArgs(
  "analyze",
  USAGE,
  {
    tasks: { type: "string" },
    models: { type: "string", default: "models" },
    "emotion-model": { type: "string" },
    "ethnicity-model": { type: "string" },
    "age-calibration": { type: "string" },
    "max-faces": { type: "string" },
    "min-face-size": { type: "string" },
    "age-top-l": { type: "string" },
    features: { type: "string", default: "base64" },
  },
  { allowPositionals: true },
);
if (!positionals.length) usageError(USAGE, "no photo given");

const models = new FileModels(args.models!, await createNodeBackend());
const manifest = await models.manifest();
const options = normalizeOptions({
  tasks: args.tasks,
  emotionModel: args["emotion-model"],
  ethnicityModel: args["ethnicity-model"],
  ageCalibration: args["age-calibration"],
  maxFaces: args["max-faces"] ? Number(args["max-faces"]) : undefined,
  minFaceSize: args["min-face-size"] ? Number(args["min-face-size"]) : undefined,
  ageTopL: args["age-top-l"] ? Number(args["age-top-l"]) : manifest.ageTopL,
});
if (typeof options === "string") throw new Error(options);

const analysis = new FaceAnalysis(models);
for (const path of positionals) {
  const result = await analyzeImageBytes(analysis, new Uint8Array(readFileSync(path)), options);
  const json = toAnalyzeJson(result, args.features === "array" ? "array" : "base64");
  console.log(JSON.stringify(positionals.length > 1 ? { file: path, ...json } : json, null, 2));
}
