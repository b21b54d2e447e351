/**
 * npx tsx tools/heads/measure-speed.ts [--runs 30] [head.onnx ...]
 *
 * Per-face inference time of the ethnicity answers on the Worker's
 * onnxruntime-web backend (same wasm, run in Node, one thread) and on
 * onnxruntime-node: gear (the separate CNN) against a head on faceres's
 * features, and faceres itself for scale. Runs are interleaved so that a
 * shared machine's load falls on every model alike; medians, and ratios
 * against gear measured in the same run.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import type { InferenceBackend, InferenceSession, TensorData } from "../../src/runtime/backend.ts";
import { syntheticFeeds } from "../runtime/measure-ort-web.ts";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { createOrtWebNodeBackend } from "../runtime/ort-web-node.ts";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: "string", default: "30" } } });
const files = ["models/gear.int8.onnx", "models/faceres.int8.onnx", ...(positionals.length ? positionals : ["models/heads/faceres_ethnicity.fp32.onnx"])];
const runs = Number(values.runs);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

async function measure(backend: InferenceBackend) {
  const models: { name: string; session: InferenceSession; feeds: Record<string, TensorData>; ms: number[] }[] = [];
  for (const f of files) {
    const session = await backend.createSession(new Uint8Array(readFileSync(f)));
    const feeds = syntheticFeeds(f);
    await session.run(feeds); // warm-up
    models.push({ name: basename(f), session, feeds, ms: [] });
  }
  for (let r = 0; r < runs; r++) {
    for (const m of models) {
      const t = performance.now();
      await m.session.run(m.feeds);
      m.ms.push(performance.now() - t);
    }
  }
  const gear = median(models[0].ms);
  console.log(`\n${backend.name}, ${runs} interleaved runs of one face each`);
  console.log("| model | median ms | / gear |\n|---|---|---|");
  for (const m of models) console.log(`| ${m.name} | ${median(m.ms).toFixed(2)} | ${(median(m.ms) / gear).toFixed(4)} |`);
}

await measure(createOrtWebNodeBackend());
await measure(createOrtNodeBackend());
