import { limiterFor } from "../auth/limiter-object.ts";
import { ownerMarkerKey, uploadOwner } from "../uploads/owner.ts";
import { groupOf, isUploadKey, itemOf, UPLOAD_PREFIX } from "../uploads/upload-keys.ts";
import type { BatchEnv } from "../batches/env.ts";
import { deleteKeys, deletePrefix } from "./purge.ts";

/**
 * Deletes a group's owner marker once the group is spent: no image of it is
 * left and none of its slots can still be used (the batch covered every slot
 * issued, or the slots have expired). A batch over part of a group leaves
 * the marker, so the rest stays the owner's (uploads, batches, DELETE); the
 * cron sweep removes what is left at the end of retention.
 */
async function releaseGroup(bucket: R2Bucket, group: string, covered: Set<number>, now: number): Promise<void> {
  const marker = await uploadOwner(bucket, group);
  if (!marker) return;
  const everySlot = marker.slots !== undefined && Array.from({ length: marker.slots }, (_, i) => i).every((i) => covered.has(i));
  const expired = marker.expires !== undefined && marker.expires * 1000 <= now;
  if (!everySlot && !expired) return;
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
  const covered = new Map<string, Set<number>>();
  for (const key of keys) {
    const group = groupOf(key);
    if (!covered.has(group)) covered.set(group, new Set());
    covered.get(group)!.add(itemOf(key));
  }
  for (const [group, items] of covered) await releaseGroup(env.UPLOADS, group, items, now);
  if (owner) await limiterFor(env.LIMITER, owner).releaseBatch(batchId);
}

/** Everything stored for a batch outside its Durable Object: images, item lines, results. */
export async function purgeBatchObjects(env: BatchEnv, batchId: string, owner: string | undefined, keys: string[]): Promise<void> {
  await onBatchCompleted(env, batchId, owner, keys);
  await deletePrefix(env.UPLOADS, `batches/${batchId}/`);
}
