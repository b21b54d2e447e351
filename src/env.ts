import type { ClipObject } from "./clips/clip-object.ts";
import type { LimiterObject } from "./auth/limiter-object.ts";
import type { ApiKey } from "./auth/key-record.ts";
import type { BatchObject } from "./batches/batch-object.ts";
import type { BatchMessage } from "./batches/messages.ts";

/** Bindings the Worker receives; names match wrangler.toml. */
export interface Env {
  /** Model files and manifest.json (seeded from models/ for `wrangler dev`). */
  MODELS: R2Bucket;
  /** Client uploads for batches and batch results. */
  UPLOADS: R2Bucket;
  /** Analysis results keyed by caller + image hash + options + model versions. */
  CACHE: KVNamespace;
  /** API keys, by SHA-256 of the key (`apikey:<hex>`); see src/auth/key-store.ts. */
  KEYS: KVNamespace;
  /** One Durable Object per clip. */
  CLIPS: DurableObjectNamespace<ClipObject>;
  /** One Durable Object per API key (and per client IP for demo keys): rate and quota counters. */
  LIMITER: DurableObjectNamespace<LimiterObject>;
  /** One queue message per image of a batch. */
  BATCH_QUEUE: Queue<BatchMessage>;
  /** One Durable Object per batch: item states and progress counts. */
  BATCHES: DurableObjectNamespace<BatchObject>;
  /** HMAC key for signed upload URLs (a Worker secret; .dev.vars locally). */
  UPLOAD_SIGNING_SECRET?: string;
  /** Largest upload a slot may allow, in bytes. */
  UPLOAD_MAX_BYTES?: string;
  CACHE_TTL_SECONDS?: string;
  CLIP_IDLE_SECONDS?: string;
  /** Local development only (.dev.vars / `--var`): a key accepted without a KV record. */
  DEV_API_KEY?: string;
  /** Comma-separated origins (besides the Worker's own) allowed to call the API from a browser; `*` for any. */
  CORS_ORIGINS?: string;
  /** Origins allowed to PUT to signed upload URLs from a browser (comma-separated, `*` any); CORS_ORIGINS when unset. */
  UPLOAD_CORS_ORIGINS?: string;
  /** Seconds an uploaded image may stay when no batch consumes it (default 86400). */
  UPLOAD_RETENTION_SECONDS?: string;
  /** Seconds a finished batch's results stay (default 604800). */
  RESULT_RETENTION_SECONDS?: string;
  /** Lifetime of a demo key from POST /v1/demo/key (default 900). */
  DEMO_KEY_TTL_SECONDS?: string;
  /** Demo keys one client IP may get per minute (default 5). */
  DEMO_KEYS_PER_MINUTE?: string;
}

/** `apiKey` is set by the auth middleware on every protected route. */
export type AppBindings = { Bindings: Env; Variables: { apiKey: ApiKey } };
