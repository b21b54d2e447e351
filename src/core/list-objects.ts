/**
 * Every object under a prefix of a bucket, following list cursors. R2Bucket
 * satisfies `Listable`; Node tools and tests pass directory- or Map-backed
 * objects. `max` stops a listing that grows past what the caller accepts.
 */
export interface Listable<O> {
  list(options: { prefix: string; cursor?: string }): Promise<{ objects: O[]; truncated: boolean; cursor?: string }>;
}

export async function listObjects<O extends { key: string }>(bucket: Listable<O>, prefix: string, max = Infinity): Promise<O[]> {
  const out: O[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list(cursor ? { prefix, cursor } : { prefix });
    out.push(...page.objects);
    if (out.length > max) throw new RangeError(`more than ${max} objects under ${prefix}`);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}
