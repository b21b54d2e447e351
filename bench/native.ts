import { FaceAnalysis } from "../src/pipeline/face-analysis.ts";
import { normalizeOptions } from "../src/pipeline/options.ts";
import type { AnalyzeOptions } from "../src/pipeline/types.ts";
import { analyzeImageBytes } from "../src/pipeline/analyze-image.ts";
import type { InferenceBackend } from "../src/runtime/backend.ts";
import { ortWasmHeapBytes } from "../src/runtime/ort-web.ts";
import { toAnalyzeJson } from "../src/tasks/answer.ts";
import { createOrtNodeBackend } from "../tools/runtime/ort-node.ts";
import { createOrtWebNodeBackend } from "../tools/runtime/ort-web-node.ts";
import { FileModels } from "../tools/runtime/file-models.ts";
import { selfCpuMs, timedLoop, type Analysis, type LoopOptions } from "./loop.ts";
import { ROOT, SAMPLE_PHOTOS, TASKS, loadPhotos, type Photo } from "./photos.ts";
import type { LatencyResult } from "./types.ts";

/**
 * Faceflare's pipeline in Node, in-process (no HTTP, no KV): the same code
 * as src/service/analyze.ts runPipeline, models from models/ on disk.
 * With onnxruntime-node it is the native floor; with onnxruntime-web it is
 * the Worker's exact wasm outside workerd (isolates what workerd adds).
 */

export type NodeBackendKind = "ort-node" | "ort-web";

const BACKENDS: Record<NodeBackendKind, { system: string; setup: string; make: () => InferenceBackend }> = {
  "ort-node": {
    system: "Faceflare · Node, onnxruntime-node",
    setup: "same pipeline in-process, onnxruntime-node 1.23 native CPU EP, intra-op 1 thread",
    make: () => createOrtNodeBackend(),
  },
  "ort-web": {
    system: "Faceflare · Node, onnxruntime-web",
    setup: "same pipeline in-process, the Worker's onnxruntime-web 1.23 wasm, 1 thread",
    make: () => createOrtWebNodeBackend(),
  },
};

/** The bench's tasks as the pipeline's options, with the manifest's L (what the Worker would resolve). */
export async function benchOptions(models: FileModels): Promise<AnalyzeOptions> {
  const normalized = normalizeOptions({ tasks: TASKS });
  if (typeof normalized === "string") throw new Error(normalized);
  return { ...normalized, ageTopL: normalized.ageTopL ?? (await models.manifest()).ageTopL };
}

export async function benchNodePipeline(kind: NodeBackendKind, options: LoopOptions, log: (line: string) => void): Promise<LatencyResult> {
  const spec = BACKENDS[kind];
  const models = new FileModels(`${ROOT}/models`, spec.make());
  const opts = await benchOptions(models);

  const analyze = async (photo: Photo): Promise<Analysis> => {
    const r = await analyzeImageBytes(new FaceAnalysis(models), photo.bytes, opts);
    // Serialise as the API would, so the work matches the Worker's.
    JSON.stringify(toAnalyzeJson(r, "base64"));
    return { faces: r.faces.length, stages: r.timings };
  };

  const photos = loadPhotos(SAMPLE_PHOTOS);
  const t0 = performance.now();
  await analyze(photos[0]); // sessions are created lazily, inside the first analysis
  const firstRequestMs = performance.now() - t0;
  log(`${spec.system}: cold first call ${firstRequestMs.toFixed(0)} ms`);
  const loop = await timedLoop(photos, options, analyze, selfCpuMs);
  const notes = kind === "ort-web" ? [`ORT wasm heap after the loop: ${(ortWasmHeapBytes() / 2 ** 20).toFixed(1)} MiB`] : [];
  return {
    system: spec.system,
    setup: spec.setup,
    ...loop,
    cold: { firstRequestMs, photo: photos[0].name },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    notes,
  };
}
