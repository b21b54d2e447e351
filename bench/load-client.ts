/**
 * The load generator, run as its own process by bench/load.ts:
 *   tsx bench/load-client.ts <plan.json> <out.json>
 * Sends exactly rate × duration requests on a fixed schedule, keys taking
 * turns, a fixed mix of kinds; records status and latency of each.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { LoadKey, LoadPlan, LoadSample, RequestKind } from "./load-plan.ts";

const [planPath, outPath] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planPath, "utf8")) as LoadPlan;
const photos = plan.photos.map((p) => new Uint8Array(readFileSync(p)));
const auth = (k: LoadKey) => ({ authorization: `Bearer ${k.key}` });

// 10-slot cycle: 3 analyze, 3 clip frames, 2 own reads, 2 cross-owner probes.
const MIX: RequestKind[] = ["analyze", "clip-frame", "own-read", "cross-owner", "analyze", "clip-frame", "own-read", "analyze", "clip-frame", "cross-owner"];
let frameIndex = 0;

async function send(kind: RequestKind, i: number, k: LoadKey, other: LoadKey): Promise<{ status: number; wrongOwner: boolean }> {
  const photo = photos[i % photos.length];
  if (kind === "analyze") {
    const res = await fetch(`${plan.url}/v1/analyze?tasks=emotion,age,gender`, { method: "POST", headers: { ...auth(k), "content-type": "image/jpeg" }, body: photo });
    await res.arrayBuffer();
    return { status: res.status, wrongOwner: false };
  }
  if (kind === "clip-frame") {
    const res = await fetch(`${plan.url}/v1/clips/${k.clipId}/frames?index=${frameIndex++}`, { method: "POST", headers: { ...auth(k), "content-type": "image/jpeg" }, body: photo });
    const body = (await res.json()) as { id?: string };
    return { status: res.status, wrongOwner: res.ok && body.id !== k.clipId };
  }
  if (kind === "own-read") {
    const path = i % 2 ? `/v1/clips/${k.clipId}` : `/v1/batches/${k.batchId}`;
    const res = await fetch(plan.url + path, { headers: auth(k) });
    const body = (await res.json()) as { id?: string };
    return { status: res.status, wrongOwner: res.ok && body.id !== path.split("/").pop() };
  }
  // Another key's clip or batch: read it, or try to delete it. Only 404 is right.
  const targets = [`/v1/clips/${other.clipId}`, `/v1/batches/${other.batchId}`, `/v1/batches/${other.batchId}/results.jsonl`];
  const path = targets[i % targets.length];
  const res = await fetch(plan.url + path, { method: i % 4 === 1 ? "DELETE" : "GET", headers: auth(k) });
  await res.arrayBuffer();
  return { status: res.status, wrongOwner: res.status < 400 };
}

const total = Math.round(plan.rate * plan.durationSeconds);
const samples: LoadSample[] = [];
let inFlight = 0;
const waiting: (() => void)[] = [];
const t0 = performance.now();

async function one(i: number): Promise<void> {
  const due = t0 + (i * 1000) / plan.rate;
  await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  if (inFlight >= plan.maxInFlight) await new Promise<void>((r) => waiting.push(r));
  inFlight++;
  const k = plan.keys[i % plan.keys.length];
  const other = plan.keys[(i + 1) % plan.keys.length];
  const kind = MIX[Math.floor(i / plan.keys.length) % MIX.length];
  const start = performance.now();
  try {
    const r = await send(kind, i, k, other);
    samples.push({ kind, key: k.name, status: r.status, ms: performance.now() - start, lagMs: start - due, wrongOwner: r.wrongOwner });
  } catch (err) {
    samples.push({ kind, key: k.name, status: 0, ms: performance.now() - start, lagMs: start - due, wrongOwner: false, error: String(err) });
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

await Promise.all(Array.from({ length: total }, (_, i) => one(i)));
writeFileSync(outPath, JSON.stringify({ wallSeconds: (performance.now() - t0) / 1000, samples }));
