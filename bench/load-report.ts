import { workerFailed, type AbuseSample } from "./load-abuse.ts";
import type { LoadPlan, LoadSample } from "./load-plan.ts";
import type { HealthSample, MemoryWatch } from "./load-watch.ts";
import { renderIsolateDrift, type IsolateDrift } from "./load-isolate.ts";
import { quantile } from "./stats.ts";

/** Markers around the load test's part of bench/RESULTS.md; everything outside them is left alone. */
export const BEGIN = "<!-- bench:load begin -->";
export const END = "<!-- bench:load end -->";

export function replaceSection(doc: string, section: string, begin = BEGIN, end = END): string {
  const block = `${begin}\n${section.trim()}\n${end}`;
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a >= 0 && b > a) return doc.slice(0, a) + block + doc.slice(b + end.length);
  return (doc.trim() ? `${doc.trimEnd()}\n\n` : "") + block + "\n";
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : "–");
const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : "–");

function row(label: string, s: LoadSample[]): string {
  const t = s.map((x) => x.ms);
  const count = (f: (x: LoadSample) => boolean) => s.filter(f).length;
  return `| ${label} | ${s.length} | ${count((x) => x.status >= 200 && x.status < 300)} | ${count((x) => x.status === 404)} | ${count((x) => x.status === 429)} (${pct(count((x) => x.status === 429), s.length)}) | ${count((x) => x.status >= 500 || x.status === 0)} | ${count((x) => x.wrongOwner)} | ${ms(quantile(t, 0.5))} | ${ms(quantile(t, 0.9))} | ${ms(quantile(t, 0.99))} | ${ms(Math.max(...t))} |`;
}

export function renderLoadSection(plan: LoadPlan, samples: LoadSample[], wallSeconds: number): string {
  const kinds = ["analyze", "clip-frame", "own-read", "cross-owner"] as const;
  const lag = samples.map((s) => s.lagMs);
  const lines = [
    "## Load test: keys, limits and ownership under load (`npm run bench:load`)",
    "",
    `${samples.length} requests scheduled at ${plan.rate}/s for ${plan.durationSeconds} s (open loop, at most ${plan.maxInFlight} in flight) from a second process against \`wrangler dev\` on 127.0.0.1; ` +
      `${plan.keys.length} API keys taking turns; finished in ${wallSeconds.toFixed(1)} s. ` +
      "Mix per 10 requests of a key: 3 `POST /v1/analyze` (emotion, age, gender; the per-key cache answers repeats), 3 clip frames (`POST /v1/clips/{own}/frames`, always computed), " +
      "2 reads of the key's own clip or batch, 2 reads or DELETEs of another key's clip, batch or results (must be 404). Each key also had one batch running in the background at the start. " +
      `Photos: ${plan.photos.map((p) => p.split("/").pop()).join(", ")}. Run on ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| requests | n | 2xx | 404 | 429 (rate) | 5xx / failed | wrong-owner answers | p50 ms | p90 ms | p99 ms | max ms |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...kinds.map((k) => row(k, samples.filter((s) => s.kind === k))),
    row("**all**", samples),
    "",
    "| key | limit (requests/min) | n | 429 (rate) |",
    "|---|---|---|---|",
    ...plan.keys.map((k) => {
      const s = samples.filter((x) => x.key === k.name);
      const n429 = s.filter((x) => x.status === 429).length;
      return `| ${k.name} | ${k.requestsPerMinute} | ${s.length} | ${n429} (${pct(n429, s.length)}) |`;
    }),
    "",
    `Latency is from the moment a request was sent to its full answer. Send lag (due → sent, the client waiting for a free slot): p50 ${ms(quantile(lag, 0.5))} ms, p99 ${ms(quantile(lag, 0.99))} ms. ` +
      "404s are the cross-owner probes (by design) plus nothing else; 429s come from the key with the tight limit (`load-tight`). workerd runs the models on one thread, so analyses and frames queue behind each other: their latency is mostly waiting.",
  ];
  return lines.join("\n");
}

/** The crowd request of the load test and how the isolate answered around it. */
export interface CrowdProbe {
  /** Faces the detector finds in the crowd photo (in Node, before the run). */
  detected: number;
  status: number;
  /** Faces in the answer. */
  faces: number;
  /** Problem code if refused. */
  code?: string;
  ms: number;
  /** A one-face analysis sent 1.5 s into the crowd request. */
  smallStatus: number;
  smallMs: number;
  /** GET /v1/health latencies while the crowd request ran, one every 100 ms. */
  health: number[];
  healthFailed: number;
}

export interface AbuseReport {
  probe: CrowdProbe;
  abuse: AbuseSample[];
  /** Health latencies during the main run (one every 250 ms). */
  health: HealthSample[];
  memory: MemoryWatch[];
  victimUploadStatus: number;
  crowd: { width: number; height: number; bytes: Uint8Array };
  /** "Error inside ProxyWorker" lines wrangler dev printed during the whole run. */
  proxyErrors: number;
  /** Requests the Worker itself logged with a 5xx status during the whole run. */
  worker5xx: number;
  /** The isolate's heap before and after the mixed load (absent if the devtools protocol did not answer). */
  isolate?: IsolateDrift;
}

const mib = (b: number) => (b / 1024 ** 2).toFixed(0);

export function renderAbuseSection(r: AbuseReport): string {
  const p = r.probe;
  const kinds = [...new Set(r.abuse.map((a) => a.kind))];
  const h = r.health.map((x) => x.ms);
  const lines = [
    "### Abusive clients, a crowd request, health and memory",
    "",
    `**Crowd request** (before the mixed load, nothing else running): one \`POST /v1/analyze\` with every task (\`emotion,age,gender,ethnicity,features,landmarks\`, \`maxFaces=30\`, cache bypassed) on a ${r.crowd.width}x${r.crowd.height} grid of the sample photos' faces (${p.detected} found by the detector). ` +
      `Answer: ${p.status}${p.code ? ` \`${p.code}\`` : ""}, ${p.faces} faces, in ${ms(p.ms)} ms. ` +
      `GET /v1/health every 100 ms meanwhile (${p.health.length} checks, ${p.healthFailed} failed): p50 ${ms(quantile(p.health, 0.5))} ms, p99 ${ms(quantile(p.health, 0.99))} ms, max ${ms(Math.max(...p.health))} ms. ` +
      `A one-face emotion analysis sent 1.5 s in: ${p.smallStatus} in ${ms(p.smallMs)} ms.`,
    "",
    "**Abusive client** (beside the mixed load, one request at a time; each must be refused as listed, never 5xx):",
    "",
    "| abuse | what it sends | n | answers | expected | body bytes sent before the answer (max) | max ms |",
    "|---|---|---|---|---|---|---|",
    ...kinds.map((k) => {
      const s = r.abuse.filter((a) => a.kind === k);
      const counts = new Map<string, number>();
      for (const a of s) {
        const label = a.status === 0 ? "reset" : workerFailed(a) || a.status < 500 ? String(a.status) : `${a.status} (dev proxy)`;
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      const answers = [...counts].map(([l, n]) => `${l} ×${n}`).join(", ");
      return `| ${k} | ${ABUSE_WHAT[k]} | ${s.length} | ${answers} | ${s[0].expected.join(" or ")} | ${Math.max(...s.map((a) => a.sentBytes))} | ${ms(Math.max(...s.map((a) => a.ms)))} |`;
    }),
    "",
    `"reset": the connection was reset before the answer arrived; "(dev proxy)": a 5xx that is not the Worker's (no problem document). Both happen when the Worker refuses a body it has not read and closes while the client is still sending: ` +
      `wrangler dev's proxy then reports "Network connection lost" (it printed "Error inside ProxyWorker" ${r.proxyErrors} times in this run) or the client's socket is reset with the answer in flight. Requests the Worker itself logged with a 5xx status in the whole run: ${r.worker5xx}.`,
    "",
    `The slot owner's quota afterwards (room for 3 photos a day, 1 used before the run, ${r.abuse.filter((a) => a.kind === "header-only-put").length} header-only PUTs declaring 20 MiB and ${r.abuse.filter((a) => a.kind === "used-slot-put").length} real PUTs to its used slot since): its own next upload answered ${r.victimUploadStatus}.`,
    "",
    `**Health under load** (GET /v1/health every 250 ms during the mixed load and the abuse): ${h.length} checks, ${r.health.filter((x) => x.status !== 200).length} not 200; p50 ${ms(quantile(h, 0.5))} ms, p90 ${ms(quantile(h, 0.9))} ms, p99 ${ms(quantile(h, 0.99))} ms, max ${ms(Math.max(...h))} ms.`,
    "",
    "**workerd memory** (VmRSS of each workerd process under `wrangler dev`, sampled every 250 ms from start to end):",
    "",
    "| workerd pid | start MiB | peak MiB | end MiB |",
    "|---|---|---|---|",
    ...r.memory.map((m) => `| ${m.pid} | ${mib(m.startBytes)} | ${mib(m.peakBytes)} | ${mib(m.endBytes)} |`),
    ...(r.isolate ? ["", ...renderIsolateDrift(r.isolate)] : []),
  ];
  return lines.join("\n");
}

const ABUSE_WHAT: Record<string, string> = {
  "oversize-declared": "`POST /v1/analyze` declaring 150 MiB, headers only",
  "oversize-streamed": "`POST /v1/analyze` chunked, no length, 40 MiB offered",
  "json-declared": "`POST /v1/clips` declaring 100 MiB of JSON, headers only",
  "json-streamed": "`POST /v1/batches` chunked JSON, 50 MiB offered",
  "multipart-flood": "`POST /v1/analyze` multipart, 300,000 one-byte fields offered",
  "header-only-put": "`PUT` to a used upload slot declaring 20 MiB, headers only",
  "used-slot-put": "`PUT` of a photo to a used upload slot",
  "revoked-key-put": "`PUT` to an unused slot of a key revoked after it asked",
  "noncanonical-put": "`PUT` with `expires=+<n>` (the signed number, spelled otherwise)",
  "face-work": "`POST /v1/analyze` of the crowd photo, every task, `maxFaces=100` (over the face-work budget)",
};
