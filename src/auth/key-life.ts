import { FaceflareError } from "../core/errors.ts";
import type { ApiKey } from "./key-record.ts";

/**
 * What a key with an expiry (demo keys, `keys create --ttl`) may start: nothing
 * that outlives it. Upload URLs expire with it, and a batch must be able to
 * finish while the key still lives.
 */

/** When the key stops working (ms), or Infinity. */
export const keyExpiresMs = (key: Pick<ApiKey, "expiresAt">): number => (key.expiresAt ? Date.parse(key.expiresAt) : Infinity);

/** An expiry (unix seconds) no later than the key's own. */
export function capAtKeyLife(key: Pick<ApiKey, "expiresAt">, unixSeconds: number): number {
  return Math.min(unixSeconds, Math.floor(keyExpiresMs(key) / 1000));
}

/**
 * Time a batch is budgeted: a fixed start-up allowance (queue delivery,
 * model loading) plus a per-image one. Generous against what one image costs
 * (about a second with the default tasks on a shared 2-core VM), since a
 * batch waits its turn behind other keys' work.
 */
export const BATCH_BUDGET = { baseSeconds: 60, secondsPerImage: 2 } as const;

export const batchBudgetMs = (images: number) => 1000 * (BATCH_BUDGET.baseSeconds + images * BATCH_BUDGET.secondsPerImage);

/** Refuses (403) a batch of `images` that could not finish before the key expires. Called at batch creation. */
export function assertBatchFitsKeyLife(key: Pick<ApiKey, "expiresAt">, images: number, now = Date.now()): void {
  const expires = keyExpiresMs(key);
  if (!Number.isFinite(expires)) return;
  const needed = batchBudgetMs(images);
  if (now + needed <= expires) return;
  const left = Math.max(0, Math.floor((expires - now) / 1000));
  throw new FaceflareError(
    "forbidden",
    `This key expires at ${new Date(expires).toISOString()} (${left} s from now); a batch of ${images} image${images === 1 ? "" : "s"} is budgeted ${needed / 1000} s and may not outlive the key that started it. Use a key that lives longer, or fewer images.`,
    { keyExpiresAt: new Date(expires).toISOString(), budgetSeconds: needed / 1000 },
  );
}
