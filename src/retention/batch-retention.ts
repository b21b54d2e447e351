import { limiterFor } from "../auth/limiter-object.ts";
import { groupOf, ownerMarkerKey, uploadOwner } from "../uploads/owner.ts";
import { isUploadKey, UPLOAD_PREFIX } from "../uploads/upload-keys.ts";
import type { BatchEnv } from "../batches/env.ts";
import { deleteKeys, deletePrefix } from "./purge.ts";

/**
 * Deletes a group's owner marker once the group is spent: no image of it is
 * left and none of its slots can still be used. A batch over part of a
 * group leaves the marker, so the rest stays the owner's (uploads, batches,
 * DELETE); the cron sweep removes what is left at the end of retention.
 */
async function releaseGroup(bucket: R2Bucket, group: string, now: number): Promise<void> {
  const marker = await uploadOwner(bucket, group);
  if (!marker) return;
  if (marker.expires === undefined || marker.expires * 1000 > now) return;
  const left = await bucket.list({ prefix: `${UPLOAD_PREFIX}${group}/`, limit: 10 });
  if (left.objects.some((o) => isUploadKey(o.key))) return;
  await bucket.delete(ownerMarkerKey(group));
}

/**
 * A batch finished (results.jsonl written): its images are no longer needed,
 * and its owner may start another batch.
 */
export async function onBatchCompleted(env: BatchEnv, batchId: string, owner: string | undefined, keys: string[], now = Date.now()): Promise<void> {
  await deleteKeys(env.UPLOADS, keys);
  for (const group of new Set(keys.map(groupOf))) await releaseGroup(env.UPLOADS, group, now);
  if (owner) await limiterFor(env.LIMITER, owner).releaseBatch(batchId);
}

/** Everything stored for a batch outside its Durable Object: images, item lines, results. */
export async function purgeBatchObjects(env: BatchEnv, batchId: string, owner: string | undefined, keys: string[]): Promise<void> {
  await onBatchCompleted(env, batchId, owner, keys);
  await deletePrefix(env.UPLOADS, `batches/${batchId}/`);
}
