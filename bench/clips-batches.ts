import { benchBatches } from "./batches.ts";
import { benchClipStorage, benchClipsHttp, benchClipUpdate } from "./clips.ts";
import { rateLimited } from "./http.ts";
import { SAMPLE_PHOTOS, TASKS, loadPhotos } from "./photos.ts";
import type { BatchesResult, ClipsResult } from "./types.ts";
import { seedBenchState, startWranglerDev } from "./wrangler.ts";

/**
 * The clip and batch rows of `npm run bench`: one fresh `wrangler dev`
 * (same snapshot and seeding as the analyze section) for both, batches first
 * while the key's per-minute budget is untouched; then the two measurements
 * that need no server (Node statistics update, the DO storage test).
 * A failing part is reported in `errors`; the others still run.
 */
export async function benchClipsAndBatches(
  o: { clips: boolean; batches: boolean; clipPasses: number; batchCopies: number },
  log: (l: string) => void,
): Promise<{ clips?: ClipsResult; batches?: BatchesResult; errors: string[] }> {
  const errors: string[] = [];
  const photos = loadPhotos(SAMPLE_PHOTOS);
  let batches: BatchesResult | undefined;
  let http: ClipsResult["http"];
  seedBenchState(log);
  log("starting wrangler dev for clips and batches");
  const dev = await startWranglerDev(log).catch((e: Error) => (errors.push(`clips/batches: wrangler dev: ${e.message}`), undefined));
  if (dev) {
    try {
      if (o.batches) {
        log(`batches: ${photos.length} photos × ${o.batchCopies}`);
        batches = await benchBatches(dev, photos, o.batchCopies, TASKS, log).catch((e: Error) => (errors.push(`batches: ${e.message}`), undefined));
      }
      if (o.clips) {
        log(`clips over HTTP: ${o.clipPasses} passes`);
        http = await benchClipsHttp(dev, photos, o.clipPasses, log).catch((e: Error) => (errors.push(`clips (HTTP): ${e.message}`), undefined));
      }
      const reloads = dev.reloads();
      if (reloads.length) errors.push(`clips/batches: wrangler reloaded the Worker during the run: ${reloads.join(" | ")}`);
    } finally {
      await dev.stop();
    }
  }
  if (rateLimited.count) errors.push(`clips/batches: ${rateLimited.count} request(s) answered 429 and were retried after Retry-After (waits not timed)`);
  if (!o.clips) return { batches, errors };
  log("clips: statistics update in Node");
  const update = benchClipUpdate();
  const storage = benchClipStorage(log);
  if (storage.storageError) errors.push(`clips (DO storage test): ${storage.storageError}`);
  return { clips: { http, update, ...storage }, batches, errors };
}
