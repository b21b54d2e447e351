import type { LoadPlan, LoadSample } from "./load-plan.ts";
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
