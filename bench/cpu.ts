/**
 * npm run bench:cpu [-- --iterations 3 --out bench/RESULTS-cpu.md]
 *
 * CPU time one POST /v1/analyze costs the Worker, under `wrangler dev`: the
 * user + system CPU of the workerd process hosting the Worker, read from /proc
 * before and after each request (it includes the local R2/KV simulation, so
 * it overstates the Worker's own share a little). Sizes the deployment's
 * `limits.cpu_ms` (the 20-face group photo, all tasks, cold: a new isolate
 * loads every model in that request) and the cost per 1,000 images in the
 * README's Deploy section. Writes bench/RESULTS-cpu.md.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, loadPhoto, type Photo } from "./photos.ts";
import { cpuMsOf } from "./proc.ts";
import { summarize } from "./stats.ts";
import { seedBenchState, startWranglerDev, type DevServer } from "./wrangler.ts";

const { values: args } = parseArgs({
  options: {
    iterations: { type: "string", default: "3" },
    out: { type: "string", default: "bench/RESULTS-cpu.md" },
  },
});
const iterations = Number(args.iterations);
const log = (line: string) => console.error(`[bench:cpu] ${line}`);

const DEFAULT_TASKS = "emotion,age,gender";
const ALL_TASKS = "emotion,age,gender,ethnicity";
const GROUP = loadPhoto("test/fixtures/group-20.jpg");
const SAMPLE1 = loadPhoto("test/fixtures/demo/sample1.jpg");

interface Row {
  case: string;
  faces: number;
  cpuMs: number[];
  wallMs: number[];
}

async function measure(dev: DevServer, pid: number, photo: Photo, tasks: string): Promise<{ faces: number; cpuMs: number; wallMs: number }> {
  const cpu0 = cpuMsOf(pid);
  const t0 = performance.now();
  const res = await fetch(`${dev.url}/v1/analyze?tasks=${tasks}`, {
    method: "POST",
    headers: { "content-type": "image/jpeg", "cache-control": "no-cache", authorization: `Bearer ${dev.apiKey}` },
    body: photo.bytes as unknown as BodyInit,
  });
  if (!res.ok) throw new Error(`${photo.name} ${tasks}: ${res.status} ${await res.text()}`);
  const json = (await res.json()) as { faces: unknown[] };
  return { faces: json.faces.length, wallMs: performance.now() - t0, cpuMs: cpuMsOf(pid) - cpu0 };
}

const fmt = (x: number) => x.toFixed(0);

seedBenchState(log);
const dev = await startWranglerDev(log);
const rows: Row[] = [];
let workerdPid = 0;
try {
  // Cold: the first request of a fresh workerd loads the manifest and every
  // model it needs (R2 read, sha256, session creation). The workerd that burnt
  // the CPU is the one hosting the Worker (the other is wrangler's proxy).
  const before = dev.workerdPids.map(cpuMsOf);
  const t0 = performance.now();
  const res = await fetch(`${dev.url}/v1/analyze?tasks=${ALL_TASKS}`, {
    method: "POST",
    headers: { "content-type": "image/jpeg", "cache-control": "no-cache", authorization: `Bearer ${dev.apiKey}` },
    body: GROUP.bytes as unknown as BodyInit,
  });
  const coldJson = (await res.json()) as { faces: unknown[] };
  const coldWall = performance.now() - t0;
  const deltas = dev.workerdPids.map((pid, i) => cpuMsOf(pid) - before[i]);
  const busiest = deltas.indexOf(Math.max(...deltas));
  workerdPid = dev.workerdPids[busiest];
  rows.push({ case: `group-20.jpg, ${ALL_TASKS}, cold (new isolate: models loaded in the request)`, faces: coldJson.faces.length, cpuMs: [deltas[busiest]], wallMs: [coldWall] });
  log(`cold: ${coldJson.faces.length} faces, ${fmt(deltas[busiest])} ms CPU, ${fmt(coldWall)} ms wall`);

  const cases: [string, Photo, string][] = [
    [`group-20.jpg, ${ALL_TASKS}, warm`, GROUP, ALL_TASKS],
    [`group-20.jpg, ${DEFAULT_TASKS} (default), warm`, GROUP, DEFAULT_TASKS],
    [`demo sample1.jpg, ${ALL_TASKS}, warm`, SAMPLE1, ALL_TASKS],
    [`demo sample1.jpg, ${DEFAULT_TASKS} (default), warm`, SAMPLE1, DEFAULT_TASKS],
  ];
  for (const [name, photo, tasks] of cases) {
    const row: Row = { case: name, faces: 0, cpuMs: [], wallMs: [] };
    for (let i = 0; i < iterations; i++) {
      const m = await measure(dev, workerdPid, photo, tasks);
      row.faces = m.faces;
      row.cpuMs.push(m.cpuMs);
      row.wallMs.push(m.wallMs);
    }
    log(`${name}: ${row.faces} faces, CPU ${row.cpuMs.map(fmt).join(", ")} ms`);
    rows.push(row);
  }
} finally {
  await dev.stop();
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
const table = [
  "| request | faces | CPU ms, median (max) | wall ms, median |",
  "|---|---|---|---|",
  ...rows.map((r) => {
    const c = summarize(r.cpuMs);
    return `| ${r.case} | ${r.faces} | ${fmt(c.median)} (${fmt(c.max)}) | ${fmt(summarize(r.wallMs).median)} |`;
  }),
];
const report = [
  "# CPU time per request",
  "",
  `Command: \`npm run bench:cpu -- --iterations ${iterations}\` (bench/cpu.ts), ${new Date().toISOString().slice(0, 10)}.`,
  `Machine: ${cpu}, ${availableParallelism()} cores, shared (load average ${loadavg().map((x) => x.toFixed(2)).join(" / ")} at the end).`,
  "CPU is user + system time of the workerd process hosting the Worker under `wrangler dev`, per request, read from",
  "/proc (10 ms resolution); it includes the local R2/KV simulation. Warm rows repeat the request with",
  "`cache-control: no-cache`; `group-20.jpg` is test/fixtures/group-20.jpg (tools/fixtures/make-group-photo.ts).",
  "",
  ...table,
  "",
].join("\n");
writeFileSync(join(ROOT, args.out!), report);
console.log(report);
