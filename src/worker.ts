import { buildApp } from "./app.ts";
export { ClipObject } from "./clips/clip-object.ts";
export { BatchObject } from "./batches/batch-object.ts";
export { LimiterObject } from "./auth/limiter-object.ts";
export { OwnerObject } from "./owner/owner-object.ts";
import { handleBatchQueue } from "./batches/consumer.ts";
import type { BatchMessage } from "./batches/messages.ts";
import { sweepExpired } from "./retention/sweep.ts";
import type { Env } from "./env.ts";

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleBatchQueue(batch, env),
  // Cron (wrangler.toml [triggers]): the explicit half of upload/result retention.
  scheduled: async (_controller, env, ctx) => {
    ctx.waitUntil(sweepExpired(env).then((n) => console.log("retention sweep", n)));
  },
} satisfies ExportedHandler<Env, BatchMessage>;
