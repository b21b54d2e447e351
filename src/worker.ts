import { buildApp } from "./app.ts";
export { ClipObject } from "./clips/clip-object.ts";
export { BatchObject } from "./batches/batch-object.ts";
import { handleBatchQueue } from "./batches/consumer.ts";

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleBatchQueue(batch as MessageBatch<never>, env as never),
} satisfies ExportedHandler<import("./env.ts").Env>;
