import { reset } from "cloudflare:test";
import { beforeAll, vi } from "vitest";

/**
 * The worker project runs every test file in one workerd (vitest.config.ts,
 * `isolate: false`) instead of starting one per file, which cost ~10 s each.
 * What a fresh runtime per file gave for free is restored here, before each
 * file: `reset()` deletes all storage (R2, KV, queues and Durable Objects are
 * all Durable Objects in Miniflare) and tears down running objects, and the
 * module graph is imported anew, so module state (the isolate's model
 * registry, caches, a helper's API key) starts empty as in a new isolate.
 */
// Before the test file's own imports (setup files run first): a helper module
// cached from the previous file would keep its state, e.g. an API key whose
// record reset() is about to delete.
vi.resetModules();

beforeAll(async () => {
  await reset();
  vi.resetModules();
});
