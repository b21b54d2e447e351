import { listObjects } from "../core/list-objects.ts";

/**
 * Batch results in the UPLOADS bucket: one JSON line per image at a key fixed
 * by its index (a retried image overwrites its own line, never adds one),
 * merged in index order into one JSON Lines file when the batch ends.
 */
export type ItemLine =
  | { index: number; key: string; status: "done"; result: unknown }
  | { index: number; key: string; status: "failed"; error: { code: string; detail?: string } };

export const itemsPrefix = (batchId: string) => `batches/${batchId}/items/`;
export const itemResultKey = (batchId: string, index: number) => `${itemsPrefix(batchId)}${String(index).padStart(6, "0")}.json`;
export const resultsKey = (batchId: string) => `batches/${batchId}/results.jsonl`;

export async function writeItemLine(bucket: R2Bucket, batchId: string, line: ItemLine): Promise<void> {
  await bucket.put(itemResultKey(batchId, line.index), JSON.stringify(line) + "\n", {
    httpMetadata: { contentType: "application/json" },
  });
}

/**
 * Concatenates every item line into results.jsonl, streaming (sizes come from
 * the listing, so memory stays flat however large the batch). Returns the
 * number of lines.
 */
export async function mergeItemLines(bucket: R2Bucket, batchId: string): Promise<number> {
  const objects = await listObjects(bucket, itemsPrefix(batchId));
  objects.sort((a, b) => (a.key < b.key ? -1 : 1));
  const total = objects.reduce((n, o) => n + o.size, 0);
  const out = new FixedLengthStream(total);
  const writing = (async () => {
    for (const o of objects) {
      const body = await bucket.get(o.key);
      if (!body) throw new Error(`result line ${o.key} vanished during merge`);
      await body.body.pipeTo(out.writable, { preventClose: true });
    }
    await out.writable.close();
  })();
  await Promise.all([
    bucket.put(resultsKey(batchId), out.readable, { httpMetadata: { contentType: "application/x-ndjson" } }),
    writing,
  ]);
  return objects.length;
}
