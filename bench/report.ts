import { beforeSection, type BeforeRun } from "./before.ts";
import { summarize } from "./stats.ts";
import { batchesSection, clipsSection } from "./report-clips-batches.ts";
import type { BatchesResult, ClipsResult, LatencyResult, MemoryResult, PeakResult } from "./types.ts";

/** Markdown for bench/RESULTS.md (also printed to stdout). Pure: data in, text out. */

export interface Machine {
  date: string;
  command: string;
  nproc: number;
  cpu: string;
  memGiB: number;
  node: string;
  wrangler: string;
  /** git HEAD (and uncommitted changes) of what was measured. */
  revision: string;
  loadStart: string;
  loadEnd: string;
  durationS: number;
}

export interface BenchReport {
  machine: Machine;
  warmup: number;
  iterations: number;
  tasks: string[];
  photos: string[];
  /** First is the system under test (workerd); the others are baselines. */
  latency: LatencyResult[];
  memory?: MemoryResult;
  /** Issue 4 and 5 rows, when run (--only clips,batches). */
  clips?: ClipsResult;
  batches?: BatchesResult;
  humanConfig?: object;
  /** The pipeline's memory peak in a fresh Node process (section "peak"). */
  peak?: PeakResult;
  /** An earlier run's tables (--before). */
  before?: BeforeRun;
  errors: string[];
}

const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "–");
const mib = (b: number) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(1)} MiB` : "–");
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "–");
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const table = (head: string[], rows: (string | number)[][]) => [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

/** Per-face numbers of one system: wall per request / its faces, CPU over the loop / all faces. */
export function perFace(r: LatencyResult) {
  const withFaces = r.samples.filter((s) => s.faces > 0);
  const faces = r.samples.reduce((a, s) => a + s.faces, 0);
  return {
    wall: summarize(withFaces.map((s) => s.wallMs / s.faces)),
    cpuPerFace: r.cpuMs / faces,
    wallPerFace: r.samples.reduce((a, s) => a + s.wallMs, 0) / faces,
    faces,
  };
}

function facesPerPass(r: LatencyResult): number {
  const photos = new Set(r.samples.map((s) => s.photo)).size;
  return (r.samples.reduce((a, s) => a + s.faces, 0) * photos) / Math.max(1, r.samples.length);
}

function latencyTable(results: LatencyResult[]): string {
  return table(
    ["System", "requests", "faces / pass", "request median", "request p95", "per face median", "per face p95", "wall ms / face", "CPU ms / face"],
    results.map((r) => {
      const req = summarize(r.samples.map((s) => s.wallMs));
      const f = perFace(r);
      return [r.system, r.samples.length, ms(facesPerPass(r)), ms(req.median), ms(req.p95), ms(f.wall.median), ms(f.wall.p95), ms(f.wallPerFace), ms(f.cpuPerFace)];
    }),
  );
}

function stageTable(results: LatencyResult[]): string {
  const keys: string[] = [];
  for (const r of results) for (const s of r.samples) for (const k of Object.keys(s.stages)) if (!keys.includes(k)) keys.push(k);
  const stages = keys.filter((k) => k !== "total");
  return table(
    ["System", ...stages, "total (own timer)", "wall − total"],
    results.map((r) => {
      const med = (k: string) => summarize(r.samples.filter((s) => k in s.stages).map((s) => s.stages[k])).median;
      const outside = summarize(r.samples.filter((s) => "total" in s.stages).map((s) => s.wallMs - s.stages.total)).median;
      return [r.system, ...stages.map((k) => ms(med(k))), ms(med("total")), ms(outside)];
    }),
  );
}

function perPhotoTable(results: LatencyResult[]): string {
  const photos = [...new Set(results.flatMap((r) => r.samples.map((s) => s.photo)))];
  const head = ["Photo", ...results.map((r) => `${r.system}: faces · median ms`)];
  return table(
    head,
    photos.map((p) => [
      p,
      ...results.map((r) => {
        const ss = r.samples.filter((s) => s.photo === p);
        return ss.length ? `${ss[0].faces} · ${ms(summarize(ss.map((s) => s.wallMs)).median)}` : "–";
      }),
    ]),
  );
}

function ratioTable(results: LatencyResult[]): string {
  const find = (prefix: string) => results.find((r) => r.system.startsWith(prefix));
  const workerd = find("Faceflare · workerd");
  const native = find("Faceflare · Node, onnxruntime-node");
  const web = find("Faceflare · Node, onnxruntime-web");
  const human = find("Human");
  const rows: (string | number)[][] = [];
  const verdict = (x: number, pass?: (r: number) => boolean) => (!pass ? "(info)" : pass(x) ? "yes" : "**no**");
  const add = (label: string, a: LatencyResult | undefined, b: LatencyResult | undefined, goal: string, pass?: (r: number) => boolean) => {
    if (!a || !b) return rows.push([label, "–", "–", "–", goal, "not measured", "not measured"]);
    const [fa, fb] = [perFace(a), perFace(b)];
    const [wall, cpu] = [fa.wall.median / fb.wall.median, fa.cpuPerFace / fb.cpuPerFace];
    rows.push([label, ratio(fa.wall.median, fb.wall.median), ratio(fa.wallPerFace, fb.wallPerFace), ratio(fa.cpuPerFace, fb.cpuPerFace), goal, verdict(wall, pass), verdict(cpu, pass)]);
  };
  add("Faceflare-workerd / Human (per face)", workerd, human, "< 1× (faster)", (r) => r < 1);
  add("Faceflare-workerd / native ORT (per face)", workerd, native, "≤ 3×", (r) => r <= 3);
  add("Faceflare-workerd / same wasm in Node", workerd, web, "what workerd + HTTP + KV add");
  add("onnxruntime-web in Node / native ORT", web, native, "wasm vs native, same pipeline");
  return table(["Ratio", "per-face median (wall)", "wall ms/face (sum/sum)", "CPU ms/face", "goal", "met by wall median", "met by CPU"], rows);
}

function coldTable(results: LatencyResult[]): string {
  return table(
    ["System", "process start → ready", "model load (separate)", "first analysis (cold)", "warm median, same photo"],
    results
      .filter((r) => r.cold)
      .map((r) => {
        const c = r.cold!;
        const warm = summarize(r.samples.filter((s) => s.photo === c.photo).map((s) => s.wallMs)).median;
        return [r.system, c.startMs === undefined ? "in-process" : ms(c.startMs), c.loadMs === undefined ? "inside first analysis" : ms(c.loadMs), `${ms(c.firstRequestMs)} (${c.photo})`, ms(warm)];
      }),
  );
}

function isolateTable(m: MemoryResult): string {
  const i = m.isolate;
  if (!i) return "The isolate's V8 heap could not be read (devtools proxy unreachable).";
  const cols = [i.idle, i.afterCold, i.warm, i.peakBigPhoto];
  return [
    "The isolate itself, from V8 through the devtools protocol (`Runtime.getHeapUsage`; the 12 MP column is the largest of readings every 25 ms during those requests):",
    "",
    table(
      ["isolate V8 heap", "idle", "after 1st request", "warm (after loop)", "peak during 12 MP"],
      [
        ["JS heap used", ...cols.map((h) => mib(h.usedBytes))],
        ["JS heap reserved", ...cols.map((h) => mib(h.totalBytes))],
        ["ArrayBuffer backing stores", ...cols.map((h) => mib(h.backingStorageBytes))],
      ],
    ),
    "",
    `Isolate estimate at peak: JS heap reserved + backing stores + ORT wasm heap = ${mib(i.peakBigPhoto.totalBytes + i.peakBigPhoto.backingStorageBytes + m.ortWasmHeapBytes)}.`,
    `The backing stores seem not to include ORT's wasm memory (${mib(i.afterCold.backingStorageBytes)} after the first request, when the wasm heap was already ${mib(m.ortWasmHeapColdBytes)}),`,
    "so it is added. Caveats: the devtools protocol is served when the isolate yields (awaits), so a peak inside a synchronous",
    "stretch (decode, inference) can be missed; backing stores include garbage V8 has not collected yet.",
  ].join("\n");
}

/** The pipeline's true peak on the 12 MP photo (bench/peak-memory.ts). */
function peakLines(p: PeakResult | undefined): string {
  if (!p) return "The pipeline's true peak: not measured (add `peak` to --only).";
  const peak = p.peakRssBytes - p.baselineRssBytes;
  return [
    `**The pipeline's true peak on the 12 MP photo** (\`bench/peak-memory.ts\`: a fresh Node process running the Worker's code on its`,
    `onnxruntime-web wasm; tasks ${p.tasks.join(", ")}; every model loaded inside the request, as in a cold isolate; decoded at scale ${p.decodedScale}, ${p.faces} faces):`,
    `resident set ${mib(p.baselineRssBytes)} before anything of ours, kernel high-water mark (VmHWM, reset at that point) ${mib(p.peakRssBytes)}:`,
    `**${mib(peak)} (${(peak / 1e6).toFixed(1)} MB) at the peak**; goal under 128 MB: ${peak < 128e6 ? "met" : "**not met**"}. VmHWM counts every page touched,`,
    "inside synchronous decode and inference too; it also counts garbage not yet collected and Node's own lazily compiled code, so it",
    `bounds the isolate's need from above. After the request: ORT wasm heap ${mib(p.ortWasmHeapBytes)}, JS heap ${mib(p.afterJsHeapBytes)}, array buffers ${mib(p.afterArrayBuffersBytes)}.`,
  ].join("\n");
}

function memorySection(m: MemoryResult | undefined, results: LatencyResult[], peak?: PeakResult): string {
  if (!m) return "Not measured (the workerd section failed).";
  const big = summarize(m.bigPhoto.map((s) => s.wallMs));
  const bigStages = m.bigPhoto[0]?.stages ?? {};
  const lines = [
    table(
      ["workerd idle RSS (before models)", "workerd RSS warm (4 models loaded)", "workerd peak RSS (VmHWM, incl. 12 MP)", "ORT wasm heap after 1st request → at end", "12 MP request median"],
      [[mib(m.idleRssBytes), mib(m.warmRssBytes), mib(m.peakRssBytes), `${mib(m.ortWasmHeapColdBytes)} → ${mib(m.ortWasmHeapBytes)}`, `${ms(big.median)} ms (n=${big.n}; decode ${ms(bigStages.decode ?? NaN)} ms, ${m.bigPhoto[0]?.faces ?? "?"} faces)`]],
    ),
    "",
    `Growth of workerd's RSS from idle to peak: ${mib(m.peakRssBytes - m.idleRssBytes)}. Goal: under 128 MB for the Worker isolate.`,
    "",
    peakLines(peak),
    "",
    isolateTable(m),
    "",
    "How to read these: RSS is the whole workerd process, the runtime itself included (V8, workerd's C++ heap, wrangler's",
    "local-dev glue such as the R2/KV simulators' in-process parts and the bundled Worker's code), so it overstates what the",
    "isolate is charged in production; \"idle\" is the runtime before any model is loaded, so peak − idle is the best",
    "estimate of what our Worker adds. The ORT wasm heap is a lower bound of that: it holds the four sessions' weights and",
    "arenas; the JS heap (decoded pixels, crops, model bytes fetched from R2) comes on top. A wasm memory never shrinks.",
    "",
    "Peak RSS of the in-process baselines (each ran in its own Node process, Node itself included):",
    "",
    table(
      ["System", "peak RSS (maxRSS)"],
      results.filter((r) => !r.system.includes("workerd")).map((r) => [r.system, mib(r.peakRssBytes ?? NaN)]),
    ),
  ];
  return lines.join("\n");
}

export function renderReport(b: BenchReport): string {
  const m = b.machine;
  const out = [
    "# Benchmark: POST /v1/analyze",
    "",
    `- Command: \`${m.command}\``,
    `- Date: ${m.date} (bench took ${m.durationS.toFixed(0)} s); code: ${m.revision}`,
    `- Machine: ${m.nproc} cores (nproc), CPU "${m.cpu}", ${m.memGiB.toFixed(0)} GiB RAM; Node ${m.node}; wrangler ${m.wrangler}`,
    `- Load average (1/5/15 min): ${m.loadStart} at start, ${m.loadEnd} at end`,
    "",
    "> **This machine is shared and noisy**: 2 cores used at the same time by other people's builds and tests, so",
    "> wall-clock numbers move by tens of percent between runs. Each row carries the CPU time of the process under test",
    "> (user + system, from /proc or process.cpuUsage), which contention inflates far less; ratios are given on both.",
    "> All systems ran in the same run on the same photos, one after another (never concurrently).",
    "",
    `Photos: ${b.photos.join(", ")}. Tasks: ${b.tasks.join(", ")}. ${b.warmup} warm-up pass(es) over all photos excluded, then ${b.iterations} timed passes (photos interleaved).`,
    "",
    "## Latency",
    "",
    latencyTable(b.latency),
    "",
    "Per face = a request's wall time / faces that system found in that photo (median and p95 over requests); wall ms / face =",
    "sum of wall times / sum of faces; CPU ms / face = CPU time of the process under test over the timed loop / sum of faces.",
    "",
    ...b.latency.map((r) => `- **${r.system}**: ${r.setup}.${(r.notes ?? []).map((n) => ` ${n}.`).join("")}`),
    "",
    "## Ratios (same run)",
    "",
    ratioTable(b.latency),
    "",
    "## Where the time goes (median ms per request, from each system's own `timings`)",
    "",
    stageTable(b.latency),
    "",
    "\"wall − total\" is what happens outside the pipeline's own timer: for workerd the HTTP round trip on loopback,",
    "body read, option checks, sha256 of the image, the KV put of the answer and JSON; for Human, tensor creation.",
    "",
    ...(b.before ? ["## Before: the same command on earlier code", "", beforeSection(b.before), ""] : []),
    "## Faces found and latency per photo",
    "",
    perPhotoTable(b.latency),
    "",
    "## Cold start",
    "",
    coldTable(b.latency),
    "",
    "workerd: \"process start → ready\" is spawning `wrangler dev` (bundling included) until GET /v1/health answers; the",
    "first analysis then fetches every default model from local R2 and creates the onnxruntime-web sessions inside the request.",
    "",
    "## Memory",
    "",
    memorySection(b.memory, b.latency, b.peak),
    "",
  ];
  if (b.clips) out.push("## Clips: per-frame latency and the Durable Object's cost (issue 4)", "", clipsSection(b.clips), "");
  if (b.batches) out.push("## Batches: throughput against one by one (issue 5)", "", batchesSection(b.batches), "");
  if (b.humanConfig) out.push("## Human configuration", "", "```json", JSON.stringify(b.humanConfig, null, 2), "```", "");
  if (b.errors.length) out.push("## Errors", "", ...b.errors.map((e) => `- ${e}`), "");
  return out.join("\n");
}

/**
 * Sections other bench scripts own inside RESULTS.md, between
 * `<!-- bench:NAME begin -->` and `<!-- bench:NAME end -->` (e.g. bench:load),
 * survive a rewrite of the main report: they are carried over, appended.
 */
export function keepMarkedSections(previous: string, fresh: string): string {
  const blocks = previous.match(/<!-- bench:(\S+) begin -->[\s\S]*?<!-- bench:\1 end -->/g) ?? [];
  return blocks.length ? `${fresh.trimEnd()}\n\n${blocks.join("\n\n")}\n` : fresh;
}
