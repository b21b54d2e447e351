import type { onnx as OnnxNs } from "onnx-proto";
import { encodeModel } from "../onnx/proto.ts";
import { buildFaceExpressionModel } from "../faceapi/expression-graph.ts";
import { loadTfGraphModel, loadTfWeightsManifest } from "../tfjs/load.ts";
import { BUNDLED_SPECS } from "../specs/index.ts";
import { GRAPH_RECIPES } from "./recipes.ts";
import { MODEL_SOURCES, sourcePath, type ModelId } from "./sources.ts";
import { TfToOnnx } from "./tf-to-onnx.ts";

export interface TensorInfo {
  name: string;
  shape: (number | string)[];
}

export interface ConvertInfo {
  id: ModelId;
  source: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** ONNX op histogram, sorted by op name. */
  ops: Record<string, number>;
  bytes: number;
  ms: number;
}

export interface ConvertedModel {
  model: OnnxNs.IModelProto;
  bytes: Uint8Array;
  info: ConvertInfo;
}

function shapeOf(v: OnnxNs.IValueInfoProto): TensorInfo {
  const dims = v.type?.tensorType?.shape?.dim ?? [];
  return { name: v.name!, shape: dims.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue))) };
}

function build(id: ModelId, inputSize?: number): OnnxNs.IModelProto {
  const src = MODEL_SOURCES[id];
  const doc = `converted from ${src.pkg}/${src.file} by tools/forge (fp32, NHWC input)`;
  if (src.kind === "faceapi-weights") return buildFaceExpressionModel(loadTfWeightsManifest(sourcePath(id)));
  const recipe = GRAPH_RECIPES[id];
  if (!recipe) throw new Error(`no conversion recipe for ${id}`);
  const tf = loadTfGraphModel(sourcePath(id));
  // The spec's input size is the one served (faceres runs below its graph's 224: see its spec).
  const conv = new TfToOnnx(tf, { batch: recipe.batch, inputSize: inputSize ?? BUNDLED_SPECS.find((s) => s.id === id)?.input.height });
  recipe.outputs(conv, tf);
  return conv.toModel(id, doc);
}

/** Convert one model to fp32 ONNX (opset 13, IR 7); deterministic bytes. `inputSize`: another square input than its spec's (a measurement). */
export async function convertModel(id: ModelId, inputSize?: number): Promise<ConvertedModel> {
  const t0 = performance.now();
  const model = build(id, inputSize);
  const bytes = encodeModel(model);
  const ops: Record<string, number> = {};
  for (const n of model.graph?.node ?? []) ops[n.opType!] = (ops[n.opType!] ?? 0) + 1;
  const src = MODEL_SOURCES[id];
  const info: ConvertInfo = {
    id,
    source: `${src.pkg}/${src.file}`,
    inputs: (model.graph?.input ?? []).map(shapeOf),
    outputs: (model.graph?.output ?? []).map(shapeOf),
    ops: Object.fromEntries(Object.entries(ops).sort(([a], [b]) => a.localeCompare(b))),
    bytes: bytes.byteLength,
    ms: Math.round(performance.now() - t0),
  };
  return { model, bytes, info };
}
