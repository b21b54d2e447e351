import type { Env } from "../env.ts";
import type { BatchObject } from "./batch-object.ts";
import type { BatchMessage } from "./messages.ts";

/**
 * Bindings the upload/batch feature adds to Env (names match wrangler.toml).
 * Kept here until they are merged into src/env.ts.
 */
export interface BatchEnv extends Env {
  /** HMAC key for signed upload URLs (a Worker secret; .dev.vars locally). */
  UPLOAD_SIGNING_SECRET?: string;
  /** Largest upload a slot may allow, in bytes. */
  UPLOAD_MAX_BYTES?: string;
  /** One message per image of a batch. */
  BATCH_QUEUE: Queue<BatchMessage>;
  /** One Durable Object per batch: item states and progress counts. */
  BATCHES: DurableObjectNamespace<BatchObject>;
}

export function asBatchEnv(env: Env): BatchEnv {
  return env as BatchEnv;
}
