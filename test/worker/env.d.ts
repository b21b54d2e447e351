// Types of `env` and `exports` from "cloudflare:workers" inside the test pool.
declare namespace Cloudflare {
  interface Env extends import("../../src/env.ts").Env {}
  interface GlobalProps {
    mainModule: typeof import("../../src/worker.ts");
  }
}
