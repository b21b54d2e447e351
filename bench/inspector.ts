/**
 * V8 heap of the Worker's isolate, read through wrangler dev's devtools
 * proxy (Chrome DevTools Protocol, Runtime.getHeapUsage). That proxy only
 * accepts the devtools front end's Origin.
 */
export interface IsolateHeap {
  /** JS objects alive. */
  usedBytes: number;
  /** JS heap reserved by V8. */
  totalBytes: number;
  /** ArrayBuffer backing stores (typed arrays, wasm memories) as V8 reports them. */
  backingStorageBytes: number;
}

export interface IsolateInspector {
  heap(): Promise<IsolateHeap>;
  /** Bytes of every WebAssembly.Memory alive in the isolate (onnxruntime-web's heap; a photon instance only while it decodes). */
  wasmMemoryBytes(): Promise<number>;
  close(): void;
}

const ORIGIN = "https://devtools.devprod.cloudflare.dev";

export async function connectInspector(port: number): Promise<IsolateInspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  if (!targets[0]) throw new Error("wrangler dev lists no devtools target");
  // Node's WebSocket (undici) takes headers in its init dictionary.
  const Ws = WebSocket as unknown as new (url: string, init: { headers: Record<string, string> }) => WebSocket;
  const ws = new Ws(targets[0].webSocketDebuggerUrl, { headers: { Origin: ORIGIN } });
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error("could not open the devtools WebSocket"));
  });
  // Execution contexts the isolate announces after Runtime.enable (evaluate needs one).
  let contextId: number | undefined;
  ws.addEventListener("message", (ev: MessageEvent) => {
    const msg = JSON.parse(String(ev.data)) as { method?: string; params?: { context?: { id: number } } };
    if (msg.method === "Runtime.executionContextCreated") contextId = msg.params?.context?.id;
  });
  let id = 0;
  const call = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const onMessage = (ev: MessageEvent) => {
        const msg = JSON.parse(String(ev.data)) as { id?: number; result?: T; error?: { message: string } };
        if (msg.id !== mine) return;
        ws.removeEventListener("message", onMessage);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve(msg.result as T);
      };
      ws.addEventListener("message", onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  return {
    async heap() {
      const r = await call<{ usedSize: number; totalSize: number; backingStorageSize?: number }>("Runtime.getHeapUsage");
      return { usedBytes: r.usedSize, totalBytes: r.totalSize, backingStorageBytes: r.backingStorageSize ?? Number.NaN };
    },
    // From outside the Worker: find the memories by their prototype (queryObjects collects garbage first) and sum their buffers.
    async wasmMemoryBytes() {
      type Remote = { result: { objectId?: string; value?: unknown } };
      if (contextId === undefined) {
        await call("Runtime.enable");
        // The context is announced by an event that may come after enable's answer: evaluate needs it.
        for (let t = 0; t < 40 && contextId === undefined; t++) await new Promise((r) => setTimeout(r, 50));
      }
      const proto = await call<Remote>("Runtime.evaluate", { expression: "WebAssembly.Memory.prototype", ...(contextId !== undefined ? { contextId } : {}) });
      const found = await call<{ objects: { objectId: string } }>("Runtime.queryObjects", { prototypeObjectId: proto.result.objectId });
      const sum = await call<Remote>("Runtime.callFunctionOn", {
        objectId: found.objects.objectId,
        functionDeclaration: "function () { return this.reduce((n, m) => n + m.buffer.byteLength, 0); }",
        returnByValue: true,
      });
      return Number(sum.result.value);
    },
    close: () => ws.close(),
  };
}

/** Polls heap() while `work` runs; returns the work's result and the largest reading per field. */
export async function peakHeapDuring<T>(inspector: IsolateInspector, work: Promise<T>, everyMs = 25): Promise<{ result: T; peak: IsolateHeap }> {
  const peak: IsolateHeap = { usedBytes: 0, totalBytes: 0, backingStorageBytes: 0 };
  let done = false;
  const poll = (async () => {
    while (!done) {
      const h = await inspector.heap();
      peak.usedBytes = Math.max(peak.usedBytes, h.usedBytes);
      peak.totalBytes = Math.max(peak.totalBytes, h.totalBytes);
      peak.backingStorageBytes = Math.max(peak.backingStorageBytes, h.backingStorageBytes);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  try {
    return { result: await work, peak };
  } finally {
    done = true;
    await poll;
  }
}
