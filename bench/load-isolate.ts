import { connectInspector, type IsolateHeap } from "./inspector.ts";

/**
 * The Worker isolate's memory at the start and the end of the load test,
 * through the devtools protocol: does it stay flat over many requests?
 * Each reading first collects garbage (Runtime.queryObjects does), so what
 * is compared is memory still referenced, not garbage V8 has yet to collect.
 */
export interface IsolateReading {
  heap: IsolateHeap;
  /** Every WebAssembly.Memory alive (onnxruntime-web's heap). */
  wasmBytes: number;
}

export interface IsolateDrift {
  start: IsolateReading;
  end: IsolateReading;
  /** Requests the Worker answered between the two readings. */
  requests: number;
}

/**
 * One devtools connection for both readings: wrangler dev's proxy announces
 * the isolate's execution context (which the wasm-memory query needs) to the
 * first connection only.
 */
export async function isolateReader(inspectorPort: number): Promise<{ read(): Promise<IsolateReading>; close(): void }> {
  const inspector = await connectInspector(inspectorPort);
  return {
    async read() {
      const wasmBytes = await inspector.wasmMemoryBytes(); // collects garbage first
      return { heap: await inspector.heap(), wasmBytes };
    },
    close: () => inspector.close(),
  };
}

const mib = (b: number) => (Number.isFinite(b) ? (b / 2 ** 20).toFixed(1) : "–");
const delta = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) ? `${b - a >= 0 ? "+" : ""}${mib(b - a)}` : "–");

export function renderIsolateDrift(d: IsolateDrift): string[] {
  const rows: [string, (r: IsolateReading) => number][] = [
    ["JS heap used", (r) => r.heap.usedBytes],
    ["JS heap reserved", (r) => r.heap.totalBytes],
    ["ArrayBuffer backing stores", (r) => r.heap.backingStorageBytes],
    ["wasm memories (ORT heap)", (r) => r.wasmBytes],
  ];
  return [
    `**Worker isolate memory over the load** (devtools protocol, after a garbage collection, before the mixed load and after it; ${d.requests} requests in between):`,
    "",
    "| isolate | start MiB | end MiB | change MiB |",
    "|---|---|---|---|",
    ...rows.map(([label, f]) => `| ${label} | ${mib(f(d.start))} | ${mib(f(d.end))} | ${delta(f(d.start), f(d.end))} |`),
  ];
}
