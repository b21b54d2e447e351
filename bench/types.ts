import type { IsolateHeap } from "./inspector.ts";

/** What every bench section hands back to bench/run.ts (JSON-serialisable: sections may run in a child process). */

/** One timed request (or pipeline call) on one photo. */
export interface RequestSample {
  photo: string;
  faces: number;
  wallMs: number;
  /** Per-stage milliseconds as reported by the system itself (Faceflare: `timings`). */
  stages: Record<string, number>;
}

/** The timed loop of one system over the photo set. */
export interface LatencyResult {
  /** Row label, e.g. "Faceflare · workerd (wrangler dev)". */
  system: string;
  /** One line on how it ran (backend, threads, transport). */
  setup: string;
  samples: RequestSample[];
  /** CPU time the process under test spent during the timed loop (all threads). */
  cpuMs: number;
  /** Wall time of the timed loop. */
  loopWallMs: number;
  /** First call on a fresh process: model loading + first inference. */
  cold?: ColdStart;
  /** Peak resident set of the process under test (bytes), when known. */
  peakRssBytes?: number;
  notes?: string[];
}

export interface ColdStart {
  /** Process start until it answers (workerd: /v1/health OK); absent for in-process systems. */
  startMs?: number;
  /** Model loading alone, when the system reports it separately. */
  loadMs?: number;
  /** The first analysis, end to end (includes lazy model loading where the system loads lazily). */
  firstRequestMs: number;
  photo: string;
}

export interface MemoryResult {
  /** workerd VmRSS once it answers /v1/health, before any model is loaded. */
  idleRssBytes: number;
  /** workerd VmRSS after the timed loop (all default models loaded, warm). */
  warmRssBytes: number;
  /** workerd VmHWM at the end: peak over the whole run, 12 MP photo included. */
  peakRssBytes: number;
  /** onnxruntime-web's wasm linear memory in the isolate (GET /v1/health) after the first request... */
  ortWasmHeapColdBytes: number;
  /** ...and at the end (it only grows: its peak). */
  ortWasmHeapBytes: number;
  /** The isolate's V8 heap (devtools protocol), when the inspector could be reached. */
  isolate?: {
    idle: IsolateHeap;
    afterCold: IsolateHeap;
    warm: IsolateHeap;
    /** Largest readings while the 12 MP photo was analysed (polled every 25 ms). */
    peakBigPhoto: IsolateHeap;
  };
  /** The 12 MP photo through /v1/analyze (after warm-up). */
  bigPhoto: RequestSample[];
}

/** The pipeline's true peak on the 12 MP photo, cold, in a fresh Node process on the Worker's wasm (bench/peak-memory.ts). */
export interface PeakResult {
  photo: string;
  tasks: string[];
  faces: number;
  decodedScale: number;
  /** VmRSS before anything of ours was allocated. */
  baselineRssBytes: number;
  /** VmHWM after models were loaded and the photo analysed (reset at the baseline). */
  peakRssBytes: number;
  ortWasmHeapBytes: number;
  /** process.memoryUsage() after the analysis: heapTotal and arrayBuffers. */
  afterJsHeapBytes: number;
  afterArrayBuffersBytes: number;
}

/** Clips (issue 4): per-frame latency over HTTP, the statistics' update cost in Node, the Durable Object's storage growth. */
export interface ClipsResult {
  /** POST /v1/clips/{id}/frames?index=N and POST /v1/analyze?tasks=emotion on the same photo, alternately, same wrangler dev. */
  http?: { frames: RequestSample[]; analyze: RequestSample[]; pairedDiffMs: number[] };
  /** The runtime-agnostic statistics code (src/clips/clip-state.ts + moments.ts) timed in Node. */
  update: { faceDim: number; frames: number; addFrameUs: number; encodeUs: number; descriptorUs: number };
  /** The real ClipObject in workerd (vitest-pool-workers), fed synthetic descriptors by measureClipStateGrowth. */
  storage?: { rows: { frames: number; statsBytes: number; seenIndices: number; databaseBytes: number }[]; testMs: number; expectedStatsBytes: number };
  storageError?: string;
}

/** Batches (issue 5): one batch of N uploaded images vs the same N images one by one to /v1/analyze. */
export interface BatchesResult {
  images: number;
  tasks: string[];
  /** POST /v1/uploads + every PUT. */
  uploadMs: number;
  /** POST /v1/batches until GET /v1/batches/{id} says completed (polled). */
  batchMs: number;
  /** The same span by the batch's own createdAt / completedAt. */
  batchServerMs: number;
  pollMs: number;
  done: number;
  failed: number;
  /** N sequential POST /v1/analyze with Cache-Control: no-cache. */
  oneByOneMs: number;
  oneByOne: RequestSample[];
}
