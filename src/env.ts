import type { ApiKey } from "./auth/key-record.ts";
import type { BatchMessage } from "./batches/messages.ts";

/**
 * Bindings the Worker receives. wrangler.toml is the source: `npm run types`
 * generates `Cloudflare.Env` from it (worker-configuration.d.ts, committed;
 * a test fails when it is stale). Added here is only what wrangler.toml
 * cannot say: the queue's message type and optional vars it does not set.
 */
export interface Env extends Omit<Cloudflare.Env, "BATCH_QUEUE"> {
  /** One queue message per image of a batch. */
  BATCH_QUEUE: Queue<BatchMessage>;
  /** Local development only (`npm run dev`): webhooks may use plain http to loopback. Never set in production. */
  WEBHOOK_ALLOW_HTTP_LOOPBACK?: string;
  /** Local development only (.dev.vars / `--var`): a key accepted without a KV record. */
  DEV_API_KEY?: string;
  /** Largest upload a slot may allow, in bytes. */
  UPLOAD_MAX_BYTES?: string;
}

/** `apiKey` is set by the auth middleware on every protected route. */
export type AppBindings = { Bindings: Env; Variables: { apiKey: ApiKey } };
