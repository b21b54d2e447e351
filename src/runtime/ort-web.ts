import * as ort from "onnxruntime-web/wasm";
import type { InferenceBackend } from "./backend.ts";
import { OrtSession } from "./ort-session.ts";

/**
 * onnxruntime-web (WASM, one thread, no proxy worker) as an InferenceBackend.
 *
 * workerd refuses to compile WebAssembly from bytes, so the caller hands us the
 * ORT wasm already compiled (in a Worker: `import m from ".../ort-wasm-simd-threaded.wasm"`
 * under wrangler's CompiledWasm rule; in Node: `new WebAssembly.Module(bytes)`).
 *
 * ORT 1.23 only accepts the wasm as bytes (`env.wasm.wasmBinary`) and builds
 * the Emscripten config itself, so its `instantiateWasm` hook is out of reach.
 * What Emscripten does with `wasmBinary` is `WebAssembly.instantiate(new
 * Uint8Array(wasmBinary), imports)`. We give it a marker ArrayBuffer and, only
 * while ORT initialises, wrap `WebAssembly.instantiate` so a call whose bytes
 * view that marker instantiates the precompiled module instead. Every other
 * call passes through untouched. The wrap also captures ORT's
 * WebAssembly.Memory (passed in the imports), which is how we read the heap size.
 *
 * Second snag: Emscripten names the wasm `new URL("ort-wasm-simd-threaded.wasm",
 * import.meta.url)` (only as a key; with wasmBinary set nothing is fetched),
 * and in a wrangler-bundled Worker import.meta.url is undefined, so that
 * throws "Invalid URL string". During the same window `URL` is a Proxy that
 * gives that one call a dummy base; everything else constructs as usual and
 * `instanceof URL` is unaffected.
 */

const MARKER = new ArrayBuffer(8);
let memory: WebAssembly.Memory | undefined;
let initialised: Promise<void> | undefined;

/** Bytes of ORT's wasm linear memory right now (0 before the first session). */
export function ortWasmHeapBytes(): number {
  return memory?.buffer.byteLength ?? 0;
}

function findMemory(imports: WebAssembly.Imports | undefined): WebAssembly.Memory | undefined {
  for (const mod of Object.values(imports ?? {})) {
    for (const value of Object.values(mod)) if (value instanceof WebAssembly.Memory) return value;
  }
  return undefined;
}

const WASM_NAME = "ort-wasm-simd-threaded.wasm";

const lenientUrl = (Url: typeof URL) =>
  new Proxy(Url, {
    construct(target, args: [string | URL, (string | URL)?]) {
      const [url, base] = args;
      return Reflect.construct(target, url === WASM_NAME && base === undefined ? [url, "file:///onnxruntime-web/"] : args);
    },
  });

/** Runs `init` with WebAssembly.instantiate redirected for the marker bytes. */
async function withPrecompiled<T>(wasm: WebAssembly.Module, init: () => Promise<T>): Promise<T> {
  const original = WebAssembly.instantiate;
  const OriginalUrl = globalThis.URL;
  const redirect = async (source: unknown, imports?: WebAssembly.Imports) => {
    if (ArrayBuffer.isView(source) && source.buffer === MARKER) {
      memory = findMemory(imports);
      const instance = await original(wasm, imports);
      return { instance, module: wasm };
    }
    return (original as (s: unknown, i?: WebAssembly.Imports) => Promise<unknown>)(source, imports);
  };
  WebAssembly.instantiate = redirect as typeof WebAssembly.instantiate;
  globalThis.URL = lenientUrl(OriginalUrl);
  try {
    return await init();
  } finally {
    WebAssembly.instantiate = original;
    globalThis.URL = OriginalUrl;
  }
}

function configure(): void {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = MARKER;
  ort.env.logLevel = "error";
}

export interface OrtWebOptions {
  /** The compiled ort-wasm-simd-threaded.wasm of onnxruntime-web 1.23. */
  wasm: WebAssembly.Module;
}

/**
 * One backend per isolate is enough (ORT's wasm runtime is global); creating
 * more is harmless, they share the runtime initialised by the first session.
 */
export function createOrtWebBackend({ wasm }: OrtWebOptions): InferenceBackend {
  return {
    name: "onnxruntime-web",
    async createSession(model: Uint8Array) {
      let session: ort.InferenceSession | undefined;
      if (!initialised) {
        configure();
        // ORT initialises its wasm runtime inside the first create(); later
        // callers wait for that so none of them sees a half-initialised runtime.
        initialised = withPrecompiled(wasm, async () => {
          session = await ort.InferenceSession.create(model, { executionProviders: ["wasm"] });
        });
        initialised.catch(() => (initialised = undefined));
        await initialised;
      } else {
        await initialised;
      }
      session ??= await ort.InferenceSession.create(model, { executionProviders: ["wasm"] });
      return new OrtSession(session, (data, dims) => new ort.Tensor("float32", data, dims));
    },
  };
}
