import type { Env } from "../env.ts";
import { retention } from "./config.ts";
import { deleteKeys, keysUploadedBefore } from "./purge.ts";

/**
 * The explicit half of upload retention (the other half is the bucket's
 * lifecycle rule, README): runs on the Worker's cron and deletes uploaded
 * images (and their owner markers) older than UPLOAD_RETENTION_SECONDS, and
 * batch objects older than RESULT_RETENTION_SECONDS that a batch failed to
 * remove itself (e.g. lines written after a DELETE raced a running item).
 */
export async function sweepExpired(env: Env, now = Date.now()): Promise<{ uploads: number; batches: number }> {
  const r = retention(env);
  const uploads = await keysUploadedBefore(env.UPLOADS, "uploads/", now - r.uploadMs);
  await deleteKeys(env.UPLOADS, uploads);
  const batches = await keysUploadedBefore(env.UPLOADS, "batches/", now - r.resultMs);
  await deleteKeys(env.UPLOADS, batches);
  return { uploads: uploads.length, batches: batches.length };
}
