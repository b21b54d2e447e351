/**
 * Runs one in-process section in its own Node process, so each system gets a
 * clean heap, its own peak RSS and no other runtime loaded beside it:
 *
 *   tsx bench/section.ts <ort-node|ort-web|human|peak> <out.json> <warmup> <iterations>
 */
import { writeFileSync } from "node:fs";
import { benchHuman } from "./human.ts";
import { benchNodePipeline } from "./native.ts";
import { measurePeak } from "./peak-memory.ts";
import type { LatencyResult, PeakResult } from "./types.ts";

const [name, out, warmup, iterations] = process.argv.slice(2);
const options = { warmup: Number(warmup), iterations: Number(iterations) };
const log = (line: string) => console.error(`[${name}] ${line}`);

let result: LatencyResult | PeakResult;
if (name === "peak") result = await measurePeak(log);
else if (name === "human") result = await benchHuman(options, log);
else if (name === "ort-node" || name === "ort-web") result = await benchNodePipeline(name, options, log);
else throw new Error(`unknown section ${name}`);
writeFileSync(out, JSON.stringify(result));
process.exit(0);
