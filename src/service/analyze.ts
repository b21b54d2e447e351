import type { Env } from "../env.ts";
import { FaceAnalysis } from "../pipeline/face-analysis.ts";
import { normalizeOptions, type RawAnalyzeOptions } from "../pipeline/options.ts";
import { analyzeImageBytes } from "../pipeline/analyze-image.ts";
import type { AnalyzeOptions, PipelineResult } from "../pipeline/types.ts";
import type { AnalyzeJson } from "../routes/analyze-schema.ts";
import { FaceflareError } from "../core/errors.ts";
import { createOrtWebBackend } from "../runtime/ort-web.ts";
import { ortWasmModule } from "../runtime/ort-wasm-module.ts";
import { isolateRegistry, type ModelRegistry } from "../runtime/registry.ts";
import { sha256Hex } from "../storage/hex.ts";
import { ResultCache, resultCacheKey } from "../storage/result-cache.ts";
import { toAnalyzeJson } from "./to-json.ts";

export type { AnalyzeJson };

/** The isolate's model registry over env.MODELS with onnxruntime-web. */
export function registryFor(env: Env): ModelRegistry {
  return isolateRegistry(env.MODELS, () => createOrtWebBackend({ wasm: ortWasmModule }));
}

/** Checks options against the manifest before any pixel is decoded. */
async function checkOptions(registry: ModelRegistry, raw: RawAnalyzeOptions): Promise<AnalyzeOptions> {
  const options = normalizeOptions(raw);
  if (typeof options === "string") throw new FaceflareError("bad_options", options);
  if (options.emotionModel) {
    const entry = await registry.entry(options.emotionModel); // unknown_model when absent
    if (!entry.tasks.includes("emotion")) throw new FaceflareError("bad_options", `model "${entry.id}" is not an emotion model`);
  }
  return options;
}

/**
 * The pipeline on one image: decode (EXIF-oriented, large photos at reduced
 * scale), detect, crop per model, batched inference; geometry in the
 * original image's pixels. Raw vectors included (clips use them).
 */
export async function analyzeBytes(env: Env, bytes: Uint8Array, raw: RawAnalyzeOptions | AnalyzeOptions): Promise<PipelineResult> {
  const registry = registryFor(env);
  const options = await checkOptions(registry, raw);
  return runPipeline(registry, bytes, options);
}

const runPipeline = (registry: ModelRegistry, bytes: Uint8Array, options: AnalyzeOptions) => analyzeImageBytes(new FaceAnalysis(registry), bytes, options);

/** analyzeBytes as API JSON, through the KV cache. */
export async function analyzeImage(
  env: Env,
  bytes: Uint8Array,
  raw: RawAnalyzeOptions & { features?: "base64" | "array" },
  /** Skip the cache read (the answer is still stored): `Cache-Control: no-cache`. */
  bypassCache = false,
): Promise<{ json: AnalyzeJson; cache: "hit" | "miss" | "bypass" }> {
  const registry = registryFor(env);
  const options = await checkOptions(registry, raw);
  const manifest = await registry.manifest();
  const topL = options.ageTopL ?? manifest.ageTopL;
  const format = raw.features ?? "base64";
  const plan = await new FaceAnalysis(registry).plan(options);
  const modelsKey = await registry.manifestVersionKey([manifest.defaults.detector, ...plan.keys()]);
  const key = await resultCacheKey(await sha256Hex(bytes), { ...options, ageTopL: topL, format }, modelsKey);
  const cache = new ResultCache(env.CACHE, Number(env.CACHE_TTL_SECONDS ?? 86400));
  const hit = bypassCache ? null : await cache.get<AnalyzeJson>(key);
  if (hit) return { json: hit, cache: "hit" };
  const json = toAnalyzeJson(await runPipeline(registry, bytes, { ...options, ageTopL: topL }), format);
  await cache.put(key, json);
  return { json, cache: bypassCache ? "bypass" : "miss" };
}
