/**
 * npm run bench [-- --warmup 1 --iterations 5 --big-iterations 2 --only workerd,ort-node,ort-web,human,clips,batches
 *                  --clip-passes 3 --batch-copies 4 --out bench/RESULTS.md]
 *
 * One run, same photos, every system one after another: Faceflare under
 * `wrangler dev` (latency, cold start, memory), then in-process baselines,
 * each in its own Node process (bench/section.ts). Writes bench/RESULTS.md
 * and prints the same Markdown to stdout; progress goes to stderr.
 * To add a section: write bench/<thing>.ts returning a LatencyResult, add it
 * to SECTIONS (in-process) or call it here, and the report picks it up.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { toolArgs } from "../tools/tool-args.ts";
import { readBefore } from "./before.ts";
import { HUMAN_CONFIG } from "./human.ts";
import { ROOT, SAMPLE_PHOTOS, TASKS } from "./photos.ts";
import { keepMarkedSections, renderReport, type BenchReport } from "./report.ts";
import type { LatencyResult, PeakResult } from "./types.ts";
import { benchWorkerd } from "./workerd.ts";
import { benchClipsAndBatches } from "./clips-batches.ts";

const USAGE = `Usage: npm run bench -- [options]

Measures, in one run on the demo photos, POST /v1/analyze under wrangler dev,
the same pipeline in Node (onnxruntime-node and onnxruntime-web) and
@vladmandic/human doing the same tasks, plus clips and batches; prints ratios
against the baselines of the same run and writes the table to --out.

Options:
  --warmup N          warm-up passes (default 1)
  --iterations N      measured passes (default 5)
  --big-iterations N  passes over the 12 MP photo (default 2)
  --only LIST         sections: workerd,ort-node,ort-web,human,peak,clips,batches (default all)
  --clip-passes N     clip passes (default 3)
  --batch-copies N    copies of the photos per batch (default 4)
  --out FILE          results table (default bench/RESULTS.md)
  --before FILE       an earlier results file whose latency, ratio and
                      per-stage tables are shown beside this run's
  -h, --help          this help
Environment: BENCH_TASKS=emotion,age,gender (default: all four tasks).`;

const { values: args } = toolArgs("bench", USAGE, {
  warmup: { type: "string", default: "1" },
  iterations: { type: "string", default: "5" },
  "big-iterations": { type: "string", default: "2" },
  only: { type: "string", default: "workerd,ort-node,ort-web,human,peak,clips,batches" },
  "clip-passes": { type: "string", default: "3" },
  "batch-copies": { type: "string", default: "4" },
  out: { type: "string", default: "bench/RESULTS.md" },
  before: { type: "string" },
});
// Read first: the file may be the one --out overwrites.
const before = args.before ? readBefore(resolve(ROOT, args.before)) : undefined;
const warmup = Number(args.warmup);
const iterations = Number(args.iterations);
const only = new Set(args.only!.split(","));
const log = (line: string) => console.error(`[bench] ${line}`);
const started = performance.now();
const load = () => loadavg().map((x) => x.toFixed(2)).join(" / ");
const loadStart = load();
/** Which code was measured (read-only git queries). */
function revision(): string {
  const git = (...a: string[]) => spawnSync("git", a, { cwd: ROOT, encoding: "utf8" }).stdout?.trim() ?? "";
  const head = git("rev-parse", "--short", "HEAD") || "unknown";
  const dirty = git("status", "--porcelain", "--", "src", "models", "tools/runtime").split("\n").filter(Boolean).length;
  return dirty ? `${head} + ${dirty} uncommitted change(s) in src/, models/, tools/runtime/` : head;
}
const revisionStart = revision();

const latency: LatencyResult[] = [];
const errors: string[] = [];
let memory: BenchReport["memory"];

// Two attempts: on this shared machine workerd has been seen to vanish mid-run.
for (let attempt = 1; only.has("workerd") && attempt <= 2; attempt++) {
  try {
    const w = await benchWorkerd({ warmup, iterations, bigIterations: Number(args["big-iterations"]) }, log);
    latency.push(w.latency);
    memory = w.memory;
    break;
  } catch (e) {
    errors.push(`workerd, attempt ${attempt}: ${(e as Error).message}`);
    log(`workerd section failed: ${(e as Error).message}`);
  }
}

/** In-process baselines, each in a fresh Node process; "peak" is the pipeline's memory peak (not a latency row). */
const SECTIONS = ["ort-node", "ort-web", "human", "peak"];
const LATENCY_SECTIONS = SECTIONS.filter((s) => s !== "peak");
let peak: BenchReport["peak"];
const scratch = mkdtempSync(join(tmpdir(), "faceflare-bench-"));
for (const name of SECTIONS.filter((s) => only.has(s))) {
  const out = join(scratch, `${name}.json`);
  log(`section ${name}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "bench/section.ts"), name, out, String(warmup), String(iterations)], {
    cwd: ROOT,
    stdio: ["ignore", 2, 2],
  });
  try {
    if (r.status !== 0) throw new Error(`exited with ${r.status ?? r.signal}`);
    const result = JSON.parse(readFileSync(out, "utf8"));
    if (name === "peak") peak = result as PeakResult;
    else latency.push(result as LatencyResult);
  } catch (e) {
    errors.push(`${name}: ${(e as Error).message}`);
    log(`section ${name} failed: ${(e as Error).message}`);
  }
}

rmSync(scratch, { recursive: true, force: true });

// Clips and batches: their own wrangler dev (fresh key, so a fresh rate-limit window), last: a batch's queue
// work can go on in the background after its section, and must not run beside the in-process baselines.
let clips: BenchReport["clips"];
let batches: BenchReport["batches"];
const extras = ["clips", "batches"].filter((s) => only.has(s));
if (extras.length) {
  const r = await benchClipsAndBatches({ clips: only.has("clips"), batches: only.has("batches"), clipPasses: Number(args["clip-passes"]), batchCopies: Number(args["batch-copies"]) }, log);
  ({ clips, batches } = r);
  errors.push(...r.errors);
}

const cmdArgs = process.argv.slice(2);
const report: BenchReport = {
  machine: {
    date: new Date().toISOString(),
    command: `npm run bench${cmdArgs.length ? ` -- ${cmdArgs.join(" ")}` : ""}`,
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    memGiB: totalmem() / 2 ** 30,
    node: process.version,
    revision: revisionStart === revision() ? revisionStart : `${revisionStart} at start, ${revision()} at end (the tree changed during the run)`,
    wrangler: (JSON.parse(readFileSync(join(ROOT, "node_modules/wrangler/package.json"), "utf8")) as { version: string }).version,
    loadStart,
    loadEnd: load(),
    durationS: (performance.now() - started) / 1000,
  },
  warmup,
  iterations,
  tasks: TASKS,
  photos: SAMPLE_PHOTOS.map((p) => p.split("/").pop()!),
  latency,
  memory,
  clips,
  batches,
  humanConfig: only.has("human") ? HUMAN_CONFIG : undefined,
  peak,
  before,
  errors,
};
const markdown = renderReport(report);
const outPath = resolve(ROOT, args.out!);
writeFileSync(outPath, keepMarkedSections(existsSync(outPath) ? readFileSync(outPath, "utf8") : "", markdown));
console.log(markdown);
log(`wrote ${args.out}`);
const extrasOk = (!only.has("clips") || (clips?.http && !clips.storageError)) && (!only.has("batches") || batches);
const latencyOk = latency.length === LATENCY_SECTIONS.filter((s) => only.has(s)).length + (only.has("workerd") ? 1 : 0);
process.exit(extrasOk && latencyOk && (!only.has("peak") || peak) ? 0 : 1);
