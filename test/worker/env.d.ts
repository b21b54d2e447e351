// Types of `env` and `exports` from "cloudflare:workers" inside the test pool.
type FaceflareEnv = import("../../src/env.ts").Env;
type FaceflareWorker = typeof import("../../src/worker.ts");

declare namespace Cloudflare {
  interface Env extends FaceflareEnv {}
  interface GlobalProps {
    mainModule: FaceflareWorker;
  }
}
