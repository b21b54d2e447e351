// Node module hooks: lets Node import src/app.ts to read its OpenAPI
// document. Workerd-only imports (cloudflare:workers, precompiled .wasm)
// become empty stand-ins; no request is served, so they are never used.
export async function resolve(spec, ctx, next) {
  if (spec === "cloudflare:workers") return { url: "stub:cloudflare-workers", shortCircuit: true };
  if (spec.endsWith(".wasm")) return { url: "stub:wasm", shortCircuit: true };
  return next(spec, ctx);
}

export async function load(url, ctx, next) {
  if (url === "stub:cloudflare-workers") return { format: "module", source: "export class DurableObject {} export const env = {};", shortCircuit: true };
  if (url === "stub:wasm") return { format: "module", source: "export default null;", shortCircuit: true };
  return next(url, ctx);
}
