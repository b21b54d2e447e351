import type { ClipObject } from "./clips/clip-object.ts";

/** Bindings the Worker receives; names match wrangler.toml. */
export interface Env {
  /** Model files and manifest.json (seeded from models/ for `wrangler dev`). */
  MODELS: R2Bucket;
  /** Client uploads for batches and batch results. */
  UPLOADS: R2Bucket;
  /** Analysis results keyed by image hash + options + model versions. */
  CACHE: KVNamespace;
  /** One Durable Object per clip. */
  CLIPS: DurableObjectNamespace<ClipObject>;
  CACHE_TTL_SECONDS?: string;
  CLIP_IDLE_SECONDS?: string;
}

export type AppBindings = { Bindings: Env };
