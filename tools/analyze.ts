/**
 * npm run analyze -- photo.jpg [--tasks emotion,age] [--models models] [--emotion-model id] [--ethnicity-model id]
 *                   [--age-calibration id] [--features array]
 * Prints the same JSON as POST /v1/analyze, computed in Node (onnxruntime-node)
 * by the same pipeline code.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FaceAnalysis } from "../src/pipeline/face-analysis.ts";
import { normalizeOptions } from "../src/pipeline/options.ts";
import { analyzeImageBytes } from "../src/pipeline/analyze-image.ts";
import { toAnalyzeJson } from "../src/tasks/answer.ts";
import { createOrtNodeBackend } from "./runtime/ort-node.ts";
import { FileModels } from "./runtime/file-models.ts";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
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
});
if (!positionals.length) {
  console.error("usage: npm run analyze -- photo.jpg [--tasks emotion,age,gender,ethnicity,features,landmarks]");
  process.exit(2);
}

const models = new FileModels(args.models!, createOrtNodeBackend());
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
