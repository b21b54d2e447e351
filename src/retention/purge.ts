/** Deletes objects by key, 1000 per call (R2's limit). */
export async function deleteKeys(bucket: R2Bucket, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
}

/** Every object under `prefix`, optionally only those uploaded before `before` (ms). */
export async function listKeys(bucket: R2Bucket, prefix: string, before = Infinity): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    for (const o of page.objects) if (o.uploaded.getTime() < before) out.push(o.key);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}

export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<number> {
  const keys = await listKeys(bucket, prefix);
  await deleteKeys(bucket, keys);
  return keys.length;
}
