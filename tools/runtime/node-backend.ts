import { createRequire } from "node:module";
import type { InferenceBackend } from "../../src/runtime/backend.ts";
import { createOrtWebNodeBackend } from "./ort-web-node.ts";

/**
 * The backend for Node tools that work with either install: native
 * onnxruntime-node when the tools install has it (`npm run tools:install`),
 * else the Worker's own onnxruntime-web wasm in Node (same results within
 * float rounding; measured 2.3-2.6x slower per face and ~5 s slower to
 * start on the six demo photos, all four tasks).
 */
export async function createNodeBackend(log: (line: string) => void = (l) => console.error(l)): Promise<InferenceBackend> {
  try {
    createRequire(import.meta.url).resolve("onnxruntime-node");
  } catch {
    log("[backend] onnxruntime-web (wasm) in Node; `npm run tools:install` adds native onnxruntime-node");
    return createOrtWebNodeBackend();
  }
  // A computed specifier: the lean install type-checks without onnxruntime-node.
  const ortNode = "./ort-node.ts";
  const { createOrtNodeBackend } = (await import(ortNode)) as { createOrtNodeBackend: () => InferenceBackend };
  return createOrtNodeBackend();
}
