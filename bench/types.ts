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
