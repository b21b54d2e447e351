import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { InferenceBackend } from "../../src/runtime/backend.ts";
import { createOrtWebBackend } from "../../src/runtime/ort-web.ts";

/**
 * The Worker's onnxruntime-web backend, run in Node: same wasm, same code
 * path, so tools can measure what the Worker will compute (and its heap).
 * Node can compile wasm from bytes, so we compile the file ourselves.
 */
export function ortWebWasmPath(): string {
  // The package's entry point lives in dist/, next to the wasm.
  const entry = createRequire(import.meta.url).resolve("onnxruntime-web");
  return join(dirname(entry), "ort-wasm-simd-threaded.wasm");
}

export function createOrtWebNodeBackend(): InferenceBackend {
  return createOrtWebBackend({ wasm: new WebAssembly.Module(readFileSync(ortWebWasmPath())) });
}
