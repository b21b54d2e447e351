import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TfModelJson } from "./model-json.ts";
import { decodeWeights, type WeightTensor } from "./weights.ts";

export interface LoadedTfModel {
  json: TfModelJson;
  weights: Map<string, WeightTensor>;
}

/** Read a model.json (graph model or bare weights manifest) and its shards from disk. */
export function readShards(dir: string, groups: TfModelJson["weightsManifest"]): Uint8Array[][] {
  return groups.map((g) => g.paths.map((p) => new Uint8Array(readFileSync(join(dir, p)))));
}

export function loadTfGraphModel(jsonPath: string): LoadedTfModel {
  const json = JSON.parse(readFileSync(jsonPath, "utf8")) as TfModelJson;
  if (!json.modelTopology?.node) throw new Error(`${jsonPath}: not a TF.js graph model (no modelTopology.node)`);
  const weights = decodeWeights(json.weightsManifest, readShards(dirname(jsonPath), json.weightsManifest));
  return { json, weights };
}

/** face-api style: a weights manifest JSON array with no graph. */
export function loadTfWeightsManifest(manifestPath: string): Map<string, WeightTensor> {
  const groups = JSON.parse(readFileSync(manifestPath, "utf8")) as TfModelJson["weightsManifest"];
  return decodeWeights(groups, readShards(dirname(manifestPath), groups));
}
