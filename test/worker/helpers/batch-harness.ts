import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm } from "cloudflare:test";
import { env as workersEnv } from "cloudflare:workers";
import { handleBatchQueue, type AnalyzeItem } from "../../../src/batches/consumer.ts";
import type { BatchEnv } from "../../../src/batches/env.ts";
import { BATCH_DLQ_NAME, BATCH_QUEUE_NAME, type BatchMessage } from "../../../src/batches/messages.ts";
import { BatchOptionsSchema } from "../../../src/batches/options.ts";
import { resultsKey, type ItemLine } from "../../../src/batches/results.ts";
import { randomHex } from "../../../src/core/crypto.ts";
import { uploadKey } from "../../../src/uploads/upload-keys.ts";

/**
 * Drives a batch without the real queue: the Durable Object is created
 * directly (no messages are enqueued) and the consumer is called with
 * hand-built MessageBatches, so deliveries, retries and failures are exact.
 */
export const env = workersEnv as unknown as BatchEnv;

export const stubOf = (id: string) => env.BATCHES.get(env.BATCHES.idFromName(id));

export async function newBatch(images: Uint8Array<ArrayBuffer>[], options: Record<string, unknown> = {}) {
  const group = randomHex();
  const keys = images.map((_, i) => uploadKey(group, i));
  await Promise.all(images.map((img, i) => env.UPLOADS.put(keys[i], img)));
  const id = randomHex();
  const parsed = BatchOptionsSchema.parse(options);
  await stubOf(id).init({ id, total: keys.length, options: parsed, createdAt: new Date().toISOString() }, keys);
  const messages: BatchMessage[] = keys.map((key, index) => ({ batchId: id, index, key, options: parsed }));
  return { id, keys, messages };
}

let seq = 0;
/** Delivers `bodies` as one MessageBatch (attempt number `attempts`); returns the ack/retry outcome. */
export async function deliver(bodies: BatchMessage[], analyze?: AnalyzeItem, attempts = 1, queue = BATCH_QUEUE_NAME) {
  const batch = createMessageBatch<BatchMessage>(
    queue,
    bodies.map((body) => ({ id: `m-${body.batchId}-${body.index}-${++seq}`, timestamp: Date.now(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await handleBatchQueue(batch, env, analyze);
  const result = await getQueueResult(batch, ctx);
  const idOf = (msgId: string) => batch.messages.find((m) => m.id === msgId)!.body.index;
  return { acked: result.explicitAcks.map(idOf).sort(), retried: result.retryMessages.map((r) => idOf(r.msgId)).sort() };
}

export const deadLetter = (bodies: BatchMessage[]) => deliver(bodies, undefined, 1, BATCH_DLQ_NAME);

/**
 * Runs the batch's merge alarm now, or waits for the run Miniflare already
 * started (it fires alarms set for "now" by itself). Resolves once completed.
 */
export async function finalize(id: string): Promise<void> {
  await runDurableObjectAlarm(stubOf(id));
  for (let i = 0; i < 500; i++) {
    if ((await stubOf(id).progress())?.status === "completed") return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`batch ${id} did not complete`);
}

export async function resultLines(id: string): Promise<ItemLine[]> {
  const obj = await env.UPLOADS.get(resultsKey(id));
  if (!obj) throw new Error(`no results.jsonl for batch ${id}`);
  const text = await obj.text();
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as ItemLine);
}
