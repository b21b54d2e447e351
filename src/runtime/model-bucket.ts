/**
 * The slice of an R2 bucket the model registry needs. R2Bucket satisfies it;
 * Node tools and tests can pass a directory- or Map-backed object instead.
 */
export interface BucketObject {
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

export interface BucketListing {
  objects: { key: string }[];
  truncated: boolean;
  cursor?: string;
}

export interface ModelBucket {
  get(key: string): Promise<BucketObject | null>;
  list(options: { prefix: string; cursor?: string }): Promise<BucketListing>;
}

/** Every key under `prefix`, following list cursors. */
export async function listKeys(bucket: ModelBucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list(cursor ? { prefix, cursor } : { prefix });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}
