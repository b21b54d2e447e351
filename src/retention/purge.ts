import { listObjects } from "../core/list-objects.ts";

/** Deletes objects by key, 1000 per call (R2's limit). */
export async function deleteKeys(bucket: R2Bucket, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
}

/** Keys of the objects under `prefix` uploaded before `before` (ms; all by default). */
export async function keysUploadedBefore(bucket: R2Bucket, prefix: string, before = Infinity): Promise<string[]> {
  return (await listObjects(bucket, prefix)).filter((o) => o.uploaded.getTime() < before).map((o) => o.key);
}

export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<number> {
  const keys = await keysUploadedBefore(bucket, prefix);
  await deleteKeys(bucket, keys);
  return keys.length;
}
