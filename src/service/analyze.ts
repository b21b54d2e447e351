import type { Env } from "../env.ts";
import { FaceflareError } from "../core/errors.ts";
import { sha256Hex } from "../core/crypto.ts";
import { FaceAnalysis, type Plan } from "../pipeline/face-analysis.ts";
import { normalizeOptions, type RawAnalyzeOptions } from "../pipeline/options.ts";
import { analyzeImageBytes } from "../pipeline/analyze-image.ts";
import type { AnalyzeOptions, PipelineResult } from "../pipeline/types.ts";
import { createOrtWebBackend } from "../runtime/ort-web.ts";
import { ortWasmModule } from "../runtime/ort-wasm-module.ts";
import { isolateRegistry, type ModelRegistry } from "../runtime/registry.ts";
import { toAnalyzeJson, type AnalyzeJson } from "../tasks/answer.ts";
import { ResultCache, resultCacheKey } from "./result-cache.ts";

/** The isolate's model registry over env.MODELS with onnxruntime-web. */
export function registryFor(env: Env): ModelRegistry {
  return isolateRegistry(env.MODELS, () => createOrtWebBackend({ wasm: ortWasmModule }));
}

/** Options checked against the manifest and planned, before any pixel is decoded. */
async function planFor(registry: ModelRegistry, raw: RawAnalyzeOptions): Promise<{ options: AnalyzeOptions; plan: Plan }> {
  const options = normalizeOptions(raw);
  if (typeof options === "string") throw new FaceflareError("bad_options", options);
  return { options, plan: await new FaceAnalysis(registry).plan(options) };
}

/**
 * The pipeline on one image: decode (EXIF-oriented, large photos at reduced
 * scale), detect, crop per model, batched inference; geometry in the
 * original image's pixels. Raw vectors included (clips use them).
 */
export async function analyzeBytes(env: Env, bytes: Uint8Array, raw: RawAnalyzeOptions): Promise<PipelineResult> {
  const registry = registryFor(env);
  const { options, plan } = await planFor(registry, raw);
  return analyzeImageBytes(new FaceAnalysis(registry), bytes, options, plan);
}

/** analyzeBytes as the API's JSON, without any cache (batches: results live only in the batch). */
export async function analyzeToJson(env: Env, bytes: Uint8Array, raw: RawAnalyzeOptions & { features?: "base64" | "array" }): Promise<AnalyzeJson> {
  return toAnalyzeJson(await analyzeBytes(env, bytes, raw), raw.features ?? "base64");
}

/** analyzeBytes as the API's JSON, through the caller's KV cache. */
export async function analyzeCached(
  env: Env,
  bytes: Uint8Array,
  raw: RawAnalyzeOptions & { features?: "base64" | "array" },
  /** Skip the cache read (the answer is still stored): `Cache-Control: no-cache`. */
  bypassCache = false,
): Promise<{ json: AnalyzeJson; cache: "hit" | "miss" | "bypass" }> {
  const registry = registryFor(env);
  const { options, plan } = await planFor(registry, raw);
  const format = raw.features ?? "base64";
  const modelsKey = await registry.manifestVersionKey([plan.detector.id, ...plan.steps.map((s) => s.model.id)]);
  const key = await resultCacheKey(await sha256Hex(bytes), { ...options, ageTopL: plan.ageTopL, format }, modelsKey);
  const cache = new ResultCache(env.CACHE, Number(env.CACHE_TTL_SECONDS ?? 86400));
  const hit = bypassCache ? null : await cache.get<AnalyzeJson>(key);
  if (hit) return { json: hit, cache: "hit" };
  const json = toAnalyzeJson(await analyzeImageBytes(new FaceAnalysis(registry), bytes, options, plan), format);
  await cache.put(key, json);
  return { json, cache: bypassCache ? "bypass" : "miss" };
}
