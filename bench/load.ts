/**
 * npm run bench:load [-- --rate 5 --duration 60 --max-in-flight 16 --out bench/RESULTS.md]
 *
 * A bounded load test on loopback: `wrangler dev` with four API keys (three
 * roomy, one with a tight per-minute limit), then a second process
 * (bench/load-client.ts) sends exactly rate × duration requests on a fixed
 * schedule: analyses, clip frames, reads of the key's own clip and batch, and
 * reads/deletes of another key's. Fails (exit 1) on any 5xx or any answer
 * for another key's resource. Writes its own section of bench/RESULTS.md
 * (between load markers), leaving the other sections alone.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { toolArgs } from "../tools/tool-args.ts";
import { provisionKeys, startLoadServer } from "./load-dev.ts";
import type { LoadKey, LoadPlan, LoadSample } from "./load-plan.ts";
import { renderLoadSection, replaceSection } from "./load-report.ts";
import { ROOT, SAMPLE_PHOTOS } from "./photos.ts";

const USAGE = `Usage: npm run bench:load -- [options]

Load test: mixed analyze and clip-frame requests from several keys against
wrangler dev; reports latency, 5xx and ownership, and writes its section of --out.

Options:
  --rate N            requests per second (default 5)
  --duration S        seconds (default 60)
  --max-in-flight N   most concurrent requests (default 16)
  --out FILE          results file (default bench/RESULTS.md)
  -h, --help          this help`;

const { values: args } = toolArgs("bench:load", USAGE, {
  rate: { type: "string", default: "5" },
  duration: { type: "string", default: "60" },
  "max-in-flight": { type: "string", default: "16" },
  out: { type: "string", default: "bench/RESULTS.md" },
});
const log = (line: string) => console.error(`[load] ${line}`);
const KEY_SPECS = [
  { name: "load-a", limits: { requestsPerMinute: 600 } },
  { name: "load-b", limits: { requestsPerMinute: 600 } },
  { name: "load-c", limits: { requestsPerMinute: 600 } },
  { name: "load-tight", limits: { requestsPerMinute: 30 } },
];
const photos = SAMPLE_PHOTOS.slice(0, 3).map((p) => resolve(ROOT, p));

async function api(url: string, key: string, path: string, init: RequestInit = {}) {
  const res = await fetch(url + path, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) } });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

/** Each key gets a clip and a one-photo batch of its own before the run. */
async function ownResources(url: string, key: string): Promise<{ clipId: string; batchId: string }> {
  const clip = await api(url, key, "/v1/clips", { method: "POST" });
  const slots = await api(url, key, "/v1/uploads", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ count: 1 }) });
  const put = await fetch(slots.slots[0].url, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: readFileSync(photos[0]) });
  if (put.status !== 201) throw new Error(`upload: ${put.status}`);
  const batch = await api(url, key, "/v1/batches", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prefix: slots.prefix, options: { tasks: ["emotion"] } }) });
  return { clipId: clip.id, batchId: batch.id };
}

log("writing API keys into the local KEYS namespace");
const keys = await provisionKeys(KEY_SPECS);
log("starting wrangler dev");
const server = await startLoadServer(log);
let failed = false;
try {
  const planKeys: LoadKey[] = [];
  for (const [i, k] of keys.entries()) planKeys.push({ name: KEY_SPECS[i].name, key: k.key, requestsPerMinute: k.record.limits.requestsPerMinute, ...(await ownResources(server.url, k.key)) });
  log("warm-up analysis (loads the models; not measured)");
  await api(server.url, keys[0].key, "/v1/analyze?tasks=emotion,age,gender", { method: "POST", headers: { "content-type": "image/jpeg" }, body: readFileSync(photos[1]) });
  // Fresh minute windows for everyone: the run starts at a minute boundary.
  await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 200));

  const plan: LoadPlan = { url: server.url, keys: planKeys, photos, rate: Number(args.rate), durationSeconds: Number(args.duration), maxInFlight: Number(args["max-in-flight"]) };
  const dir = mkdtempSync(join(tmpdir(), "faceflare-load-"));
  writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
  log(`load client: ${Math.round(plan.rate * plan.durationSeconds)} requests over ${plan.durationSeconds} s, ${plan.keys.length} keys`);
  const client = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "bench/load-client.ts"), join(dir, "plan.json"), join(dir, "out.json")], { cwd: ROOT, stdio: "inherit" });
  if (client.status !== 0) throw new Error(`load client exited with ${client.status}`);
  const { wallSeconds, samples } = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as { wallSeconds: number; samples: LoadSample[] };

  const section = renderLoadSection(plan, samples, wallSeconds);
  console.log(section);
  const out = resolve(ROOT, args.out!);
  writeFileSync(out, replaceSection(existsSync(out) ? readFileSync(out, "utf8") : "", section));
  log(`wrote the load section of ${args.out}`);
  const bad = samples.filter((s) => s.status >= 500 || s.status === 0 || s.wrongOwner);
  if (bad.length) {
    failed = true;
    log(`FAILED: ${bad.length} requests answered 5xx, failed, or answered for another key: ${JSON.stringify(bad.slice(0, 5))}`);
  }
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
