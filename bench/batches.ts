import { body, okJson, timedFetch } from "./http.ts";
import type { Photo } from "./photos.ts";
import type { BatchesResult, RequestSample } from "./types.ts";
import type { DevServer } from "./wrangler.ts";

/**
 * Batches (issue 5): the photos repeated `copies` times, uploaded through
 * signed URLs and analysed as one batch (queue consumer in the same
 * wrangler dev, max_batch_size 4), against the same images POSTed one by one
 * to /v1/analyze with Cache-Control: no-cache. Batch answers never go
 * through the KV result cache (src/batches/consumer.ts), so identical copies
 * are each analysed.
 */

interface Slots {
  slots: { key: string; url: string }[];
}
interface Progress {
  status: "running" | "completed";
  done: number;
  failed: number;
  total: number;
  createdAt: string;
  completedAt?: string;
}

const POLL_MS = 1000;

export async function benchBatches(dev: DevServer, photos: Photo[], copies: number, tasks: string[], log: (l: string) => void): Promise<BatchesResult> {
  const images = Array.from({ length: copies }, () => photos).flat();
  const json = { "content-type": "application/json" };

  // Untimed: loads every model the tasks need, so neither side pays the cold start.
  await okJson("warm-up analyze", await timedFetch(dev, `/v1/analyze?tasks=${tasks.join(",")}`, { method: "POST", headers: { "content-type": "image/jpeg", "cache-control": "no-cache" }, body: body(photos[0].bytes) }));

  const u0 = performance.now();
  const slots = await okJson<Slots>("POST /v1/uploads", await timedFetch(dev, "/v1/uploads", { method: "POST", headers: json, body: JSON.stringify({ count: images.length }) }));
  for (const [i, slot] of slots.slots.entries()) {
    // The signed URL is the permission (no key); sent to our own server whatever host it names.
    const url = new URL(slot.url);
    await okJson(`PUT ${images[i].name}`, await timedFetch(dev, `${url.pathname}${url.search}`, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: body(images[i].bytes) }, false));
  }
  const uploadMs = performance.now() - u0;

  const b0 = performance.now();
  const created = await okJson<{ id: string }>("POST /v1/batches", await timedFetch(dev, "/v1/batches", { method: "POST", headers: json, body: JSON.stringify({ keys: slots.slots.map((s) => s.key), options: { tasks } }) }));
  let progress: Progress;
  const deadline = b0 + 240_000;
  for (;;) {
    progress = await okJson<Progress>("GET batch", await timedFetch(dev, `/v1/batches/${created.id}`));
    if (progress.status === "completed") break;
    if (performance.now() > deadline) throw new Error(`batch ${created.id} not completed after 240 s (${progress.done}/${progress.total})`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const batchMs = performance.now() - b0;
  const batchServerMs = Date.parse(progress.completedAt ?? "") - Date.parse(progress.createdAt);
  log(`batch ${created.id}: ${progress.done} done, ${progress.failed} failed in ${(batchMs / 1000).toFixed(1)} s`);
  await timedFetch(dev, `/v1/batches/${created.id}`, { method: "DELETE" }); // frees the key's concurrent-batch slot

  const oneByOne: RequestSample[] = [];
  for (const p of images) {
    const r = await timedFetch(dev, `/v1/analyze?tasks=${tasks.join(",")}`, { method: "POST", headers: { "content-type": "image/jpeg", "cache-control": "no-cache" }, body: body(p.bytes) });
    const j = await okJson<{ faces: unknown[]; timings: Record<string, number> }>(`analyze ${p.name}`, r);
    oneByOne.push({ photo: p.name, faces: j.faces.length, wallMs: r.ms, stages: j.timings });
  }
  // Sum of request times: a rate-limit wait (429, see http.ts) is not counted.
  const oneByOneMs = oneByOne.reduce((a, x) => a + x.wallMs, 0);
  return { images: images.length, tasks, uploadMs, batchMs, batchServerMs, pollMs: POLL_MS, done: progress.done, failed: progress.failed, oneByOneMs, oneByOne };
}
