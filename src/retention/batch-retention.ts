import { limiterFor } from "../auth/limiter-object.ts";
import { groupOf, ownerMarkerKey } from "../uploads/owner.ts";
import type { BatchEnv } from "../batches/env.ts";
import { deleteKeys, deletePrefix } from "./purge.ts";

/** Uploaded images of a batch, and the owner markers of their groups. */
function uploadObjects(keys: string[]): string[] {
  const groups = new Set(keys.map(groupOf));
  return [...keys, ...[...groups].map(ownerMarkerKey)];
}

/**
 * A batch finished (results.jsonl written): its images are no longer needed,
 * and its owner may start another batch.
 */
export async function onBatchCompleted(env: BatchEnv, batchId: string, owner: string | undefined, keys: string[]): Promise<void> {
  await deleteKeys(env.UPLOADS, uploadObjects(keys));
  if (owner) await limiterFor(env.LIMITER, owner).releaseBatch(batchId);
}

/** Everything stored for a batch outside its Durable Object: images, item lines, results. */
export async function purgeBatchObjects(env: BatchEnv, batchId: string, owner: string | undefined, keys: string[]): Promise<void> {
  await onBatchCompleted(env, batchId, owner, keys);
  await deletePrefix(env.UPLOADS, `batches/${batchId}/`);
}
