// `env` and `exports` from "cloudflare:workers" inside the test pool are typed
// by worker-configuration.d.ts (`npm run types`): Cloudflare.Env and
// Cloudflare.GlobalProps.mainModule. Tests that need the Worker's full Env
// (typed queue, optional vars) or test-only bindings cast to it.
export {};
