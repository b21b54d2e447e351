import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { TfModelJson } from "../../tfjs/model-json.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */
// The reference runtime is the TF.js 4.22 (cpu backend) bundled in
// @vladmandic/face-api's ESM build, so face-api's own FaceExpressionNet runs
// as shipped. That bundle stubs Node's `util`; presenting it a worker global
// while it initialises makes it take its browser platform (global fetch and
// TextEncoder), which Node has.
type Tf = any;
export interface Reference { tf: Tf; faceapi: any }

let loading: Promise<Reference> | undefined;

export function loadReference(): Promise<Reference> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const bundle = join(dirname(require.resolve("@vladmandic/face-api/package.json")), "dist/face-api.esm.js");
    const g = globalThis as any;
    const had = "WorkerGlobalScope" in g;
    if (!had) g.WorkerGlobalScope = class {};
    try {
      const faceapi = await import(pathToFileURL(bundle).href);
      await faceapi.tf.setBackend("cpu");
      await faceapi.tf.ready();
      return { tf: faceapi.tf, faceapi };
    } finally {
      if (!had) delete g.WorkerGlobalScope;
    }
  })();
  return loading;
}

function readArtifacts(jsonPath: string, specsOverride?: TfModelJson["weightsManifest"]) {
  const json = specsOverride ? undefined : (JSON.parse(readFileSync(jsonPath, "utf8")) as TfModelJson);
  const groups = specsOverride ?? json!.weightsManifest;
  const parts = groups.flatMap((g) => g.paths.map((p) => readFileSync(join(dirname(jsonPath), p))));
  const data = new Uint8Array(Buffer.concat(parts));
  return { json, weightSpecs: groups.flatMap((g) => g.weights), weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) };
}

/**
 * A TF.js graph model loaded from disk into the reference runtime;
 * `inputSize` re-declares its input as that square side (a model we serve
 * below its graph's size), so TF.js accepts the same feeds as the ONNX.
 */
export async function loadReferenceGraph(jsonPath: string, inputSize?: number): Promise<any> {
  const { tf } = await loadReference();
  const { json, weightSpecs, weightData } = readArtifacts(jsonPath);
  if (inputSize) {
    for (const node of json!.modelTopology.node) {
      const dims = node.op === "Placeholder" ? node.attr?.shape?.shape?.dim : undefined;
      if (dims?.length === 4) [dims[1].size, dims[2].size] = [String(inputSize), String(inputSize)];
    }
  }
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json!.modelTopology, weightSpecs, weightData, signature: json!.signature, userDefinedMetadata: (json as any).userDefinedMetadata }));
}

/** face-api's FaceExpressionNet with the shipped weights. */
export async function loadReferenceExpressionNet(manifestPath: string): Promise<any> {
  const { tf, faceapi } = await loadReference();
  const groups = JSON.parse(readFileSync(manifestPath, "utf8")) as TfModelJson["weightsManifest"];
  const { weightSpecs, weightData } = readArtifacts(manifestPath, groups);
  const net = new faceapi.FaceExpressionNet();
  net.loadFromWeightMap(tf.io.decodeWeights(weightData, weightSpecs));
  return net;
}
