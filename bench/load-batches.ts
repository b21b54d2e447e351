/**
 * The load test's batch scenario (issue 12): one key starts a 10,000-image
 * batch; another key then starts a one-image batch. Reports how long the
 * small batch takes to complete beside the large one, against the same
 * small batch alone (measured first, in the same run), and how many of the
 * large batch's images were finished by then. The large batch is deleted
 * afterwards (its images with it). Run by bench/load.ts.
 */
import { readFileSync } from "node:fs";

export interface BatchScenarioResult {
  largeImages: number;
  uploadSeconds: number;
  largeCreateMs: number;
  smallAloneSeconds: number;
  smallBesideSeconds: number;
  largeFinishedWhenSmallDone: number;
  inFlight: number;
  statuses: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(url: string, key: string, path: string, init: RequestInit = {}, statuses: number[] = []) {
  const res = await fetch(url + path, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(init.headers as Record<string, string>) } });
  statuses.push(res.status);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Slots for `count` images (1000 per request) and one PUT each, `concurrency` at a time. */
async function uploadCopies(url: string, key: string, photo: Uint8Array<ArrayBuffer>, count: number, concurrency: number, statuses: number[], log: (l: string) => void): Promise<string[]> {
  const slots: { key: string; url: string }[] = [];
  for (let left = count; left > 0; left -= 1000) {
    const body = await api(url, key, "/v1/uploads", { method: "POST", body: JSON.stringify({ count: Math.min(1000, left) }) }, statuses);
    slots.push(...body.slots);
  }
  let next = 0;
  let stored = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < slots.length) {
        const slot = slots[next++];
        const res = await fetch(slot.url, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: photo });
        statuses.push(res.status);
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`PUT ${slot.key}: ${res.status}`);
        if (++stored % 1000 === 0) log(`uploaded ${stored} of ${slots.length}`);
      }
    }),
  );
  return slots.map((s) => s.key);
}

async function smallBatch(url: string, key: string, photo: Uint8Array<ArrayBuffer>, statuses: number[]): Promise<{ seconds: number; id: string }> {
  const [uploaded] = await uploadCopies(url, key, photo, 1, 1, statuses, () => {});
  const t0 = performance.now();
  const { id } = await api(url, key, "/v1/batches", { method: "POST", body: JSON.stringify({ keys: [uploaded], options: { tasks: ["emotion", "age", "gender"] } }) }, statuses);
  for (;;) {
    const p = await api(url, key, `/v1/batches/${id}`, {}, statuses);
    if (p.status === "completed") {
      if (p.done !== 1) throw new Error(`small batch: ${JSON.stringify(p)}`);
      return { seconds: (performance.now() - t0) / 1000, id };
    }
    await sleep(250);
  }
}

export async function runBatchScenario(url: string, largeKey: string, smallKey: string, photoPath: string, images: number, inFlight: number, log: (l: string) => void): Promise<BatchScenarioResult> {
  const photo = new Uint8Array(readFileSync(photoPath));
  const statuses: number[] = [];
  log("batch scenario: the small batch alone (baseline)");
  const alone = await smallBatch(url, smallKey, photo, statuses);
  log(`batch scenario: uploading ${images} images for the large batch`);
  const t0 = performance.now();
  const keys = await uploadCopies(url, largeKey, photo, images, 16, statuses, log);
  const uploadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const large = await api(url, largeKey, "/v1/batches", { method: "POST", body: JSON.stringify({ keys, options: { tasks: ["emotion", "age", "gender"] } }) }, statuses);
  const largeCreateMs = performance.now() - t1;
  log(`batch scenario: large batch ${large.id} accepted (${large.total} images); now the small batch beside it`);
  const beside = await smallBatch(url, smallKey, photo, statuses);
  const p = await api(url, largeKey, `/v1/batches/${large.id}`, {}, statuses);
  log(`batch scenario: small batch done in ${beside.seconds.toFixed(1)} s; large batch ${p.done + p.failed} of ${p.total} finished; deleting it`);
  await fetch(`${url}/v1/batches/${large.id}`, { method: "DELETE", headers: { authorization: `Bearer ${largeKey}` } }).then((r) => statuses.push(r.status));
  return {
    largeImages: large.total,
    uploadSeconds,
    largeCreateMs,
    smallAloneSeconds: alone.seconds,
    smallBesideSeconds: beside.seconds,
    largeFinishedWhenSmallDone: p.done + p.failed,
    inFlight,
    statuses,
  };
}

export const BATCH_BEGIN = "<!-- bench:load-batches begin -->";
export const BATCH_END = "<!-- bench:load-batches end -->";

export function renderBatchSection(r: BatchScenarioResult, photo: string): string {
  const count = (f: (s: number) => boolean) => r.statuses.filter(f).length;
  return [
    `## Load test: a ${r.largeImages.toLocaleString("en")}-image batch beside a one-image batch (\`npm run bench:load -- --batch-images ${r.largeImages}\`)`,
    "",
    `Key A uploads ${r.largeImages} copies of ${photo.split("/").pop()} through signed URLs (16 at a time, ${r.uploadSeconds.toFixed(0)} s) and starts one batch over all of them ` +
      `(POST /v1/batches answered in ${r.largeCreateMs.toFixed(0)} ms, every key checked against its group's slots and objects); key B then starts a one-image batch. ` +
      `Tasks emotion, age, gender. \`wrangler dev\` on 127.0.0.1 (one local queue consumer), BATCH_IN_FLIGHT = ${r.inFlight}. Run on ${new Date().toISOString().slice(0, 10)}, shared 2-core VM.`,
    "",
    "| small batch (1 image) | completion time | × alone |",
    "|---|---|---|",
    `| alone (baseline, same run) | ${r.smallAloneSeconds.toFixed(1)} s | 1.00 |`,
    `| beside A's ${r.largeImages}-image batch | ${r.smallBesideSeconds.toFixed(1)} s | ${(r.smallBesideSeconds / r.smallAloneSeconds).toFixed(2)} |`,
    "",
    `When B's batch completed, A's batch had finished ${r.largeFinishedWhenSmallDone} of ${r.largeImages} images: B waited behind A's window, not behind A's batch. ` +
      `A was then deleted (images and results). ${r.statuses.length} API answers in this scenario: ${count((s) => s >= 200 && s < 300)} 2xx, ${count((s) => s >= 400 && s < 500)} 4xx, ${count((s) => s >= 500)} 5xx.`,
  ].join("\n");
}
