/**
 * npm run bench:load [-- --rate 5 --duration 60 --max-in-flight 16 --abuse-every 1000 --crowd 27 --out bench/RESULTS.md]
 *
 * A bounded load test on loopback: `wrangler dev` with four API keys (three
 * roomy, one with a tight per-minute limit), then a second process
 * (bench/load-client.ts) sends exactly rate × duration requests on a fixed
 * schedule: analyses, clip frames, reads of the key's own clip and batch, and
 * reads/deletes of another key's. Beside it, an abusive client
 * (bench/load-abuse.ts: oversize bodies, floods, header-only PUTs to a used
 * slot, a revoked key's URL) and a health probe. Before it, a "crowd" request
 * (every task on ~25 faces) with health probed every 100 ms: does one long
 * request starve the isolate? Throughout, the workerd processes' RSS.
 * Fails (exit 1) on any 5xx, any answer for another key's resource, any
 * abusive request not refused as it must be, or a slot owner's quota spent
 * by the abuse. Writes its own section of bench/RESULTS.md (between load
 * markers), leaving the other sections alone.
 *
 * Then the batch scenario (bench/load-batches.ts, `--batch-images N`,
 * 10,000 by default; `--scenario mixed|batches` runs one part only): a
 * 10,000-image batch from one key beside a one-image batch from another,
 * reporting the small batch's completion time. It writes its own section.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { toolArgs } from "../tools/tool-args.ts";
import { ABUSE_KINDS, refusedOrLost, sendAbuse, type AbuseSample, type AbuseTargets } from "./load-abuse.ts";
import { crowdPhoto } from "./crowd-photo.ts";
import { LOAD_STATE, provisionKeys, startLoadServer } from "./load-dev.ts";
import type { LoadKey, LoadPlan, LoadSample } from "./load-plan.ts";
import { renderAbuseSection, renderLoadSection, replaceSection, type CrowdProbe } from "./load-report.ts";
import { watchHealth, watchMemory } from "./load-watch.ts";
import { isolateReader, type IsolateReading } from "./load-isolate.ts";
import { BATCH_BEGIN, BATCH_END, renderBatchSection, runBatchScenario } from "./load-batches.ts";
import { ROOT, SAMPLE_PHOTOS } from "./photos.ts";

const USAGE = `Usage: npm run bench:load -- [options]

Load test against wrangler dev: mixed analyze and clip-frame requests from
several keys beside an abusive client and health probes (after a crowd
request), then a 10,000-image batch beside a one-image one; reports latency,
5xx, ownership, refusals and memory, and writes its sections of --out.

Options:
  --rate N             requests per second (default 5)
  --duration S         seconds (default 60)
  --max-in-flight N    most concurrent requests (default 16)
  --abuse-every MS     one abusive request every MS milliseconds (default 1000)
  --crowd N            face tiles in the crowd photo (default 27)
  --scenario S         all, mixed or batches (default all)
  --batch-images N     images in the large batch (default 10000)
  --out FILE           results file (default bench/RESULTS.md)
  -h, --help           this help`;

const { values: args } = toolArgs("bench:load", USAGE, {
  rate: { type: "string", default: "5" },
  duration: { type: "string", default: "60" },
  "max-in-flight": { type: "string", default: "16" },
  "abuse-every": { type: "string", default: "1000" },
  crowd: { type: "string", default: "27" },
  out: { type: "string", default: "bench/RESULTS.md" },
  scenario: { type: "string", default: "all" },
  "batch-images": { type: "string", default: "10000" },
});
const log = (line: string) => console.error(`[load] ${line}`);
const KEY_SPECS = [
  { name: "load-a", limits: { requestsPerMinute: 600 } },
  { name: "load-b", limits: { requestsPerMinute: 600 } },
  { name: "load-c", limits: { requestsPerMinute: 600 } },
  { name: "load-tight", limits: { requestsPerMinute: 30 } },
];
const BATCH_KEY_SPECS = [
  { name: "load-batch-large", limits: { requestsPerMinute: 600, bytesPerDay: 8 * 1024 ** 3 } },
  { name: "load-batch-small", limits: { requestsPerMinute: 600 } },
];
const photos = SAMPLE_PHOTOS.slice(0, 3).map((p) => resolve(ROOT, p));
const photo = new Uint8Array(readFileSync(photos[0]));
// The abuse's cast: an attacker with a key of its own, the owner of the slot it hammers (room for exactly
// three photos a day), and a key revoked after asking for a slot.
const ABUSE_SPECS = [
  { name: "abuser", limits: { requestsPerMinute: 600 } },
  { name: "victim", limits: { bytesPerDay: 3 * photo.length } },
  { name: "revoked", limits: {} },
];

async function api(url: string, key: string, path: string, init: RequestInit = {}) {
  const res = await fetch(url + path, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) } });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

const slotsFor = (url: string, key: string, count: number) =>
  api(url, key, "/v1/uploads", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ count }) }) as Promise<{ prefix: string; slots: { url: string }[] }>;
const putPhoto = (slotUrl: string) => fetch(slotUrl, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: photo });

/** Each key gets a clip and a one-photo batch of its own before the run. */
async function ownResources(url: string, key: string): Promise<{ clipId: string; batchId: string }> {
  const clip = await api(url, key, "/v1/clips", { method: "POST" });
  const slots = await slotsFor(url, key, 1);
  const put = await putPhoto(slots.slots[0].url);
  if (put.status !== 201) throw new Error(`upload: ${put.status}`);
  const batch = await api(url, key, "/v1/batches", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prefix: slots.prefix, options: { tasks: ["emotion"] } }) });
  return { clipId: clip.id, batchId: batch.id };
}

/**
 * wrangler dev reloads the Worker when the admin tool writes the local KEYS
 * namespace beside it (closing open connections): wait for that to pass.
 */
async function settle(url: string) {
  const reloads = () => server.output().filter((l) => /Connection status updated/.test(l)).length;
  const before = reloads();
  for (let t = 0; t < 40 && reloads() === before; t++) await new Promise((r) => setTimeout(r, 250));
  for (let ok = 0; ok < 3; ) {
    const res = await fetch(`${url}/v1/health`, { headers: { connection: "close" } }).catch(() => null);
    ok = res?.ok ? ok + 1 : 0;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The abuse targets: a used slot and a spare one of the victim's, and a slot of a key then revoked (with the admin tool). */
async function abuseTargets(url: string, keys: { key: string; record: { id: string } }[], crowd: Uint8Array): Promise<{ targets: AbuseTargets; victimSpare: string }> {
  const [abuser, victim, revoked] = keys;
  const v = await slotsFor(url, victim.key, 2);
  const first = await putPhoto(v.slots[0].url);
  if (first.status !== 201) throw new Error(`victim upload: ${first.status}`);
  const r = await slotsFor(url, revoked.key, 1);
  const tool = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "tools/keys.ts"), "revoke", revoked.record.id, "--persist-to", LOAD_STATE], { cwd: ROOT, encoding: "utf8" });
  if (tool.status !== 0) throw new Error(`keys revoke: ${tool.stderr}`);
  await settle(url);
  return { targets: { url, key: abuser.key, usedSlotUrl: v.slots[0].url, revokedSlotUrl: r.slots[0].url, spareSlotUrl: v.slots[1].url, photo, crowd }, victimSpare: v.slots[1].url };
}

/** Answers with a 5xx status that the Worker itself logged (wrangler dev prints one line per request). */
const worker5xx = () => server.output().filter((l) => /\[wrangler:info\] [A-Z]+ \S+ 5\d\d /.test(l)).length;

/** Within the face-work budget (src/pipeline/face-analysis.ts) for every task: 50 faces with the default models, 33 with gear. */
const CROWD_MAX_FACES = 30;

/** One request doing every task on a crowd of faces, with health probed every 100 ms and a small analysis half-way. */
async function crowdProbe(url: string, key: string, crowd: Uint8Array<ArrayBuffer>, detected: number): Promise<CrowdProbe> {
  const health = watchHealth(url, 100);
  const t0 = performance.now();
  const big = fetch(`${url}/v1/analyze?tasks=emotion,age,gender,ethnicity,features,landmarks&maxFaces=${CROWD_MAX_FACES}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "image/jpeg", "cache-control": "no-cache" }, body: crowd })
    .then(async (res) => ({ status: res.status, body: (await res.json()) as { faces?: unknown[]; code?: string }, ms: performance.now() - t0 }));
  await new Promise((r) => setTimeout(r, 1500));
  const s0 = performance.now();
  const small = await fetch(`${url}/v1/analyze?tasks=emotion`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "image/jpeg", "cache-control": "no-cache" }, body: photo });
  await small.arrayBuffer();
  const smallMs = performance.now() - s0;
  const b = await big;
  const t1 = performance.now();
  await health.stop();
  const during = health.between(t0, t1);
  return { detected, status: b.status, faces: b.body.faces?.length ?? 0, code: b.body.code, ms: b.ms, smallStatus: small.status, smallMs, health: during.map((h) => h.ms), healthFailed: during.filter((h) => h.status !== 200).length };
}

log("writing API keys into the local KEYS namespace");
const allKeys = await provisionKeys([...KEY_SPECS, ...ABUSE_SPECS, ...BATCH_KEY_SPECS]);
const keys = allKeys.slice(0, KEY_SPECS.length + ABUSE_SPECS.length);
const loadKeys = keys.slice(0, KEY_SPECS.length);
const [batchLarge, batchSmall] = allKeys.slice(KEY_SPECS.length + ABUSE_SPECS.length);
log(`making a crowd photo of ${args.crowd} face tiles from the sample photos`);
const crowd = await crowdPhoto(Number(args.crowd));
log(`crowd photo: ${crowd.width}x${crowd.height}, ${crowd.faces} faces found by the detector in Node`);
log("starting wrangler dev");
const server = await startLoadServer(log);
const memory = watchMemory(server.child.pid!);
let failed = false;
try {
  if (args.scenario !== "batches") {
    const planKeys: LoadKey[] = [];
    for (const [i, k] of loadKeys.entries()) planKeys.push({ name: KEY_SPECS[i].name, key: k.key, requestsPerMinute: k.record.limits.requestsPerMinute, ...(await ownResources(server.url, k.key)) });
    const { targets, victimSpare } = await abuseTargets(server.url, keys.slice(KEY_SPECS.length), crowd.bytes);
    log("warm-up analysis with every task (loads the models; not measured)");
    await api(server.url, keys[0].key, "/v1/analyze?tasks=emotion,age,gender,ethnicity,features", { method: "POST", headers: { "content-type": "image/jpeg" }, body: readFileSync(photos[1]) });

    log("crowd probe: every task on the crowd photo, health every 100 ms");
    const probe = await crowdProbe(server.url, keys[0].key, crowd.bytes, crowd.faces);
    log(`crowd: ${probe.status} ${probe.faces} faces in ${probe.ms.toFixed(0)} ms; health max ${Math.max(...probe.health).toFixed(0)} ms; small analysis ${probe.smallMs.toFixed(0)} ms`);

    const plan: LoadPlan = { url: server.url, keys: planKeys, photos, rate: Number(args.rate), durationSeconds: Number(args.duration), maxInFlight: Number(args["max-in-flight"]) };
    // Fresh minute windows for everyone: the run starts at a minute boundary.
    if (plan.durationSeconds > 0) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 200));
    const noReading = (e: Error): undefined => void log(`no isolate memory reading: ${e.message}`);
    const reader = await isolateReader(server.inspectorPort).catch(noReading);
    const isolateNow = async () => reader?.read().catch(noReading);
    const isolateStart: IsolateReading | undefined = await isolateNow();
    const dir = mkdtempSync(join(tmpdir(), "faceflare-load-"));
    writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
    log(`load client: ${Math.round(plan.rate * plan.durationSeconds)} requests over ${plan.durationSeconds} s, ${plan.keys.length} keys; abuse every ${args["abuse-every"]} ms; health every 250 ms`);
    const health = watchHealth(server.url, 250);
    const client = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/load-client.ts"), join(dir, "plan.json"), join(dir, "out.json")], { cwd: ROOT, stdio: "inherit" });
    const clientDone = new Promise<number | null>((ok) => client.on("exit", ok));
    let clientExited = false;
    void clientDone.then(() => (clientExited = true));
    const abuse: AbuseSample[] = [];
    // At least two rounds of every kind, then as long as the load runs.
    for (let i = 0; !clientExited || i < 2 * ABUSE_KINDS.length; i++) {
      const started = performance.now();
      abuse.push(await sendAbuse(ABUSE_KINDS[i % ABUSE_KINDS.length], targets));
      await new Promise((r) => setTimeout(r, Math.max(0, Number(args["abuse-every"]) - (performance.now() - started))));
    }
    const status = await clientDone;
    await health.stop();
    if (status !== 0) throw new Error(`load client exited with ${status}`);
    const { wallSeconds, samples } = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as { wallSeconds: number; samples: LoadSample[] };
    const isolateEnd = await isolateNow();
    reader?.close();
    const isolate = isolateStart && isolateEnd ? { start: isolateStart, end: isolateEnd, requests: samples.length + abuse.length } : undefined;
    // After all that, the victim still has its quota: one more photo fits.
    const spare = await putPhoto(victimSpare);
    await spare.arrayBuffer();
    const mem = memory.stop();

    const section = [renderLoadSection(plan, samples, wallSeconds), renderAbuseSection({ probe, abuse, health: health.samples, memory: mem, victimUploadStatus: spare.status, crowd, proxyErrors: server.output().filter((l) => /Error inside ProxyWorker/.test(l)).length, worker5xx: worker5xx(), isolate })].join("\n\n");
    console.log(section);
    const out = resolve(ROOT, args.out!);
    writeFileSync(out, replaceSection(existsSync(out) ? readFileSync(out, "utf8") : "", section));
    log(`wrote the load section of ${args.out}`);
    const bad = samples.filter((s) => s.status >= 500 || s.status === 0 || s.wrongOwner);
    if (bad.length) {
      failed = true;
      log(`FAILED: ${bad.length} requests answered 5xx, failed, or answered for another key: ${JSON.stringify(bad.slice(0, 5))}`);
    }
    const wrong = abuse.filter((a) => !refusedOrLost(a));
    if (wrong.length) {
      failed = true;
      log(`FAILED: ${wrong.length} abusive requests were not refused as they must be: ${JSON.stringify(wrong.slice(0, 5))}`);
    }
    if (worker5xx() > 0) {
      failed = true;
      log(`FAILED: the Worker logged ${worker5xx()} answers with a 5xx status`);
    }
    if (spare.status !== 201) {
      failed = true;
      log(`FAILED: the victim's own upload after the abuse answered ${spare.status} (its quota was spent by others)`);
    }
    if (probe.status >= 500 || health.samples.some((h) => h.status >= 500 || h.status === 0) || probe.healthFailed) {
      failed = true;
      log("FAILED: the crowd request or a health check answered 5xx or not at all");
    }
  }
  if (args.scenario !== "mixed") {
    const inFlight = 8; // wrangler.toml's BATCH_IN_FLIGHT
    const r = await runBatchScenario(server.url, batchLarge.key, batchSmall.key, photos[0], Number(args["batch-images"]), inFlight, log);
    const section = renderBatchSection(r, photos[0]);
    console.log(section);
    const out = resolve(ROOT, args.out!);
    const doc = existsSync(out) ? readFileSync(out, "utf8") : "";
    writeFileSync(out, replaceSection(doc, section, BATCH_BEGIN, BATCH_END));
    if (r.statuses.some((s) => s >= 500)) {
      failed = true;
      log("FAILED: the batch scenario got 5xx answers");
    }
  }
} catch (err) {
  failed = true;
  log(`FAILED: ${(err as Error).stack ?? err}`);
  log(`last lines of wrangler dev:\n${server.output().slice(-40).join("\n")}`);
} finally {
  memory.stop();
  await server.stop();
}
process.exit(failed ? 1 : 0);
