import { isPermanent } from "../core/errors.ts";
import type { BatchEnv } from "./env.ts";
import { BATCH_DLQ_NAME, type BatchMessage } from "./messages.ts";
import type { BatchOptions } from "./options.ts";
import { itemResultKey, writeItemLine } from "./results.ts";

/** Bytes in, API JSON out; a parameter so plumbing tests can inject failures. */
export type AnalyzeItem = (env: BatchEnv, bytes: Uint8Array, options: BatchOptions) => Promise<unknown>;

/**
 * The real pipeline, with the same options and JSON as /v1/analyze but
 * outside the KV result cache: a batch's answers live only in its own
 * results (deleted with the batch), never in a cache entry that would outlive
 * a DELETE. Loaded on first use so the upload/batch routes don't pull the
 * models in.
 */
export const analyzeItem: AnalyzeItem = async (env, bytes, options) => (await import("../service/analyze.ts")).analyzeToJson(env, bytes, options);

/** Seconds before the next attempt: 2, 4, 8, ... capped at 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.max(1, attempts));
}

const batchStub = (env: BatchEnv, batchId: string) => env.BATCHES.get(env.BATCHES.idFromName(batchId));

/** Analyses one image and records its line; throws only for transient failures. */
async function processOne(env: BatchEnv, msg: BatchMessage, analyze: AnalyzeItem): Promise<void> {
  const stub = batchStub(env, msg.batchId);
  const status = await stub.itemStatus(msg.index);
  if (status !== "pending") return; // already finished by an earlier delivery, or unknown batch
  const fail = async (code: string, detail?: string) => {
    await writeItemLine(env.UPLOADS, msg.batchId, { index: msg.index, key: msg.key, status: "failed", error: { code, ...(detail ? { detail } : {}) } });
    await stub.finish(msg.index, "failed", code);
    await dropLineIfDeleted(env, msg);
  };
  const object = await env.UPLOADS.get(msg.key);
  if (!object) return fail("not_found", `No uploaded object at ${msg.key}.`);
  const bytes = new Uint8Array(await object.arrayBuffer());
  let result: unknown;
  try {
    result = await analyze(env, bytes, msg.options);
  } catch (err) {
    // A problem with the image itself fails the same way again: record it, don't retry.
    if (isPermanent(err)) return fail(err.code, err.detail);
    await stub.noteAttempt(msg.index, err instanceof Error ? err.message : String(err));
    throw err;
  }
  // Line first, then the state change: a crash in between only means a retry
  // that rewrites the same line.
  await writeItemLine(env.UPLOADS, msg.batchId, { index: msg.index, key: msg.key, status: "done", result });
  await stub.finish(msg.index, "done");
  await dropLineIfDeleted(env, msg);
}

/** The batch was deleted while this image was analysed: the line just written must not outlive it. */
async function dropLineIfDeleted(env: BatchEnv, msg: BatchMessage): Promise<void> {
  if ((await batchStub(env, msg.batchId).itemStatus(msg.index)) === null) await env.UPLOADS.delete(itemResultKey(msg.batchId, msg.index));
}

/** Messages that exhausted their retries: the image is reported failed with its last error. */
async function deadLetter(env: BatchEnv, msg: BatchMessage): Promise<void> {
  const stub = batchStub(env, msg.batchId);
  if ((await stub.itemStatus(msg.index)) !== "pending") return;
  const last = await stub.lastError(msg.index);
  const detail = `Analysis kept failing after ${last?.attempts ?? "several"} attempts${last?.error ? `: ${last.error}` : ""}.`;
  await writeItemLine(env.UPLOADS, msg.batchId, { index: msg.index, key: msg.key, status: "failed", error: { code: "gave_up", detail } });
  await stub.finish(msg.index, "failed", "gave_up");
  await dropLineIfDeleted(env, msg);
}

/**
 * Queue handler for both the batch queue and its dead-letter queue. Images
 * are analysed one after another (inference is single-threaded anyway); each
 * message is acked or retried on its own so one bad image never holds back
 * the others.
 */
export async function handleBatchQueue(batch: MessageBatch<BatchMessage>, env: BatchEnv, analyze: AnalyzeItem = analyzeItem): Promise<void> {
  const dead = batch.queue === BATCH_DLQ_NAME;
  for (const msg of batch.messages) {
    try {
      if (dead) await deadLetter(env, msg.body);
      else await processOne(env, msg.body, analyze);
      msg.ack();
    } catch (err) {
      console.warn("batch item failed, will retry", msg.body.batchId, msg.body.index, err instanceof Error ? err.message : err);
      msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
    }
  }
}
