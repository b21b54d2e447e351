import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadModel } from "../forge/onnx/proto.ts";
import type { InferenceBackend, TensorData } from "../../src/runtime/backend.ts";
import { ortWasmHeapBytes } from "../../src/runtime/ort-web.ts";
import { createOrtNodeBackend } from "./ort-node.ts";
import { createOrtWebNodeBackend } from "./ort-web-node.ts";
import { isMain } from "../is-main.mjs";

/**
 * ORT wasm heap and session create/run times for .onnx files, on the Worker's
 * onnxruntime-web backend (same wasm, run in Node) and, for comparison,
 * onnxruntime-node. Heap is WebAssembly.Memory byteLength after each session,
 * cumulative (sessions stay alive, as in a Worker isolate).
 *
 *   npx tsx tools/runtime/measure-ort-web.ts models/*.onnx
 */
const now = () => performance.now();
const mib = (b: number) => (b / 2 ** 20).toFixed(1);

/** Zero-ish feeds from the graph's declared input shapes (symbolic dims = 1). */
export function syntheticFeeds(path: string): Record<string, TensorData> {
  const model = loadModel(path);
  const inits = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const feeds: Record<string, TensorData> = {};
  for (const input of model.graph?.input ?? []) {
    if (!input.name || inits.has(input.name)) continue;
    const dims = (input.type?.tensorType?.shape?.dim ?? []).map((d) => Number(d.dimValue ?? 0) || 1);
    const size = dims.reduce((a: number, b: number) => a * b, 1);
    feeds[input.name] = { data: Float32Array.from({ length: size }, (_, i) => (i % 255) / 255), dims };
  }
  return feeds;
}

async function measure(backend: InferenceBackend, files: string[], heap: boolean) {
  console.log(`\n${backend.name}`);
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    let t = now();
    const session = await backend.createSession(bytes);
    const createMs = now() - t;
    const feeds = syntheticFeeds(file);
    t = now();
    await session.run(feeds);
    const firstRunMs = now() - t;
    t = now();
    const runs = 5;
    for (let i = 0; i < runs; i++) await session.run(feeds);
    const runMs = (now() - t) / runs;
    const h = heap ? `  heap ${mib(ortWasmHeapBytes())} MiB` : "";
    console.log(`${basename(file).padEnd(36)} ${mib(bytes.length).padStart(5)} MiB  create ${createMs.toFixed(0).padStart(5)} ms  first run ${firstRunMs.toFixed(1).padStart(6)} ms  run ${runMs.toFixed(1).padStart(6)} ms${h}`);
  }
}

async function main(files: string[]) {
  if (files.length === 0) {
    console.error("usage: npx tsx tools/runtime/measure-ort-web.ts model.onnx...");
    process.exit(2);
  }
  await measure(createOrtWebNodeBackend(), files, true);
  await measure(createOrtNodeBackend(), files, false);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
