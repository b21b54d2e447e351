import type { Analysis, LoopOptions } from "./loop.ts";
import { timedLoop } from "./loop.ts";
import { BIG_PHOTO, SAMPLE_PHOTOS, TASKS, loadPhoto, loadPhotos, type Photo } from "./photos.ts";
import { connectInspector, peakHeapDuring, type IsolateHeap } from "./inspector.ts";
import { cpuMsOf, findWorkerds, memoryOf } from "./proc.ts";
import type { LatencyResult, MemoryResult, RequestSample } from "./types.ts";
import { seedBenchState, startWranglerDev, type DevServer } from "./wrangler.ts";

/**
 * POST /v1/analyze under `wrangler dev` on loopback: cold start (first
 * request of a fresh workerd), warm latency with the cache read bypassed,
 * then the 12 MP photo, and workerd's memory read from /proc.
 */

interface AnalyzeAnswer {
  faces: unknown[];
  timings: Record<string, number>;
}

/** Whether the Worker answered with rate-limit headers (auth + limiter Durable Object ran on each request). */
let limiterSeen = false;

async function analyzeOverHttp(dev: DevServer, photo: Photo): Promise<Analysis> {
  const res = await fetch(`${dev.url}/v1/analyze?tasks=${TASKS.join(",")}`, {
    method: "POST",
    headers: { "content-type": "image/jpeg", "cache-control": "no-cache", authorization: `Bearer ${dev.apiKey}` },
    body: photo.bytes as unknown as BodyInit, // Node fetch takes a Uint8Array; the workers-types overloads do not say so
  });
  if (!res.ok) throw new Error(`/v1/analyze ${photo.name}: ${res.status} ${await res.text()}`);
  if (res.headers.get("x-faceflare-cache") !== "bypass") {
    throw new Error(`/v1/analyze ${photo.name}: expected x-faceflare-cache: bypass, got ${res.headers.get("x-faceflare-cache")}`);
  }
  limiterSeen ||= res.headers.has("ratelimit-limit");
  const json = (await res.json()) as AnalyzeAnswer;
  return { faces: json.faces.length, stages: json.timings };
}

function maxHeap(a: IsolateHeap | undefined, b: IsolateHeap | undefined): IsolateHeap | undefined {
  if (!a || !b) return a ?? b;
  return { usedBytes: Math.max(a.usedBytes, b.usedBytes), totalBytes: Math.max(a.totalBytes, b.totalBytes), backingStorageBytes: Math.max(a.backingStorageBytes, b.backingStorageBytes) };
}

export interface WorkerdBench {
  latency: LatencyResult;
  memory: MemoryResult;
}

export async function benchWorkerd(options: LoopOptions & { bigIterations: number }, log: (line: string) => void): Promise<WorkerdBench> {
  const photos = loadPhotos(SAMPLE_PHOTOS);
  const big = loadPhoto(BIG_PHOTO);
  seedBenchState(log);
  log("starting wrangler dev");
  const dev = await startWranglerDev(log);
  try {
    const candidates = dev.workerdPids;
    const idleRss = candidates.map((pid) => memoryOf(pid).rssBytes);
    const cpu0 = candidates.map(cpuMsOf);
    const inspector = await connectInspector(dev.inspectorPort).catch((e: Error) => (log(`no isolate heap readings: ${e.message}`), undefined));
    const heapNow = async (): Promise<IsolateHeap | undefined> => inspector?.heap().catch(() => undefined);
    const heapIdle = await heapNow();

    // Cold start: the very first analysis loads every default model from R2
    // into onnxruntime-web (lazily, inside the request).
    const t0 = performance.now();
    const first = await analyzeOverHttp(dev, photos[0]);
    const firstRequestMs = performance.now() - t0;
    // The workerd that hosts the Worker is the one that burnt the CPU.
    const busiest = candidates.map((pid, i) => cpuMsOf(pid) - cpu0[i]).reduce((best, d, i, all) => (d > all[best] ? i : best), 0);
    const workerdPid = candidates[busiest];
    const idleRssBytes = idleRss[busiest];
    const others = candidates.filter((p) => p !== workerdPid).map((p) => `${(memoryOf(p).hwmBytes / 2 ** 20).toFixed(0)} MiB`);
    log(`wrangler dev ready in ${dev.startMs.toFixed(0)} ms; Worker runs in workerd pid ${workerdPid} (of ${candidates.join(", ")})`);
    log(`cold first request ${firstRequestMs.toFixed(0)} ms (${first.faces} faces)`);
    // ORT's wasm heap, read through the devtools protocol (nothing in the Worker reports it).
    const wasmHeap = async () => (inspector ? await inspector.wasmMemoryBytes().catch(() => Number.NaN) : Number.NaN);
    const ortWasmHeapColdBytes = await wasmHeap();
    const heapAfterCold = await heapNow();

    const loop = await timedLoop(photos, options, (p) => analyzeOverHttp(dev, p), () => cpuMsOf(workerdPid));
    const warmRssBytes = memoryOf(workerdPid).rssBytes;
    const heapWarm = await heapNow();
    log(`workerd loop done: ${loop.samples.length} requests in ${(loop.loopWallMs / 1000).toFixed(1)} s`);

    const bigPhoto: RequestSample[] = [];
    let heapPeak: IsolateHeap | undefined;
    for (let i = 0; i < options.bigIterations; i++) {
      const t = performance.now();
      const r = inspector ? await peakHeapDuring(inspector, analyzeOverHttp(dev, big)) : { result: await analyzeOverHttp(dev, big), peak: undefined };
      bigPhoto.push({ photo: big.name, faces: r.result.faces, wallMs: performance.now() - t, stages: r.result.stages });
      heapPeak = maxHeap(heapPeak, r.peak);
    }
    const heap = await wasmHeap();
    inspector?.close();
    const isolate = heapIdle && heapAfterCold && heapWarm && heapPeak ? { idle: heapIdle, afterCold: heapAfterCold, warm: heapWarm, peakBigPhoto: heapPeak } : undefined;
    const { hwmBytes } = memoryOf(workerdPid);
    const reloads = dev.reloads();
    return {
      latency: {
        system: "Faceflare · workerd",
        setup: "POST /v1/analyze to `wrangler dev` on 127.0.0.1, `Cache-Control: no-cache`, onnxruntime-web 1.23 wasm, 1 thread",
        ...loop,
        cold: { startMs: dev.startMs, firstRequestMs, photo: photos[0].name },
        peakRssBytes: hwmBytes,
        notes: [
          limiterSeen ? "Every request authenticated with a dev API key and counted by the limiter Durable Object (part of the latency)" : "No API-key check in this build",
          `Memory is of the workerd process hosting the Worker; wrangler's proxy workerd (peak ${others.join(", ") || "–"}), wrangler's Node process and esbuild are not counted`,
          ...(reloads.length ? [`**wrangler reloaded the Worker during the run** (a watched file changed), so some requests were cold: ${reloads.join(" | ")}`] : []),
        ],
      },
      memory: { idleRssBytes, ortWasmHeapColdBytes, warmRssBytes, peakRssBytes: hwmBytes, ortWasmHeapBytes: heap, isolate, bigPhoto },
    };
  } catch (e) {
    log(`wrangler dev output (last 40 lines):\n${dev.output().slice(-40).join("\n")}`);
    log(`workerd processes now: ${findWorkerds(dev.wranglerPid).join(", ") || "none"}`);
    const reloads = dev.reloads();
    throw reloads.length ? new Error(`${(e as Error).message} (wrangler reloaded the Worker: ${reloads.join(" | ")})`) : e;
  } finally {
    await dev.stop();
  }
}
