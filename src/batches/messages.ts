import type { BatchOptions } from "./options.ts";

/** One queue message = one image of one batch. */
export interface BatchMessage {
  batchId: string;
  index: number;
  key: string;
  options: BatchOptions;
}

/** Queue names as in wrangler.toml; the consumer tells them apart by name. */
export const BATCH_QUEUE_NAME = "faceflare-batch";
export const BATCH_DLQ_NAME = "faceflare-batch-dlq";
