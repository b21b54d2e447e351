import { env } from "cloudflare:workers";

// Test-only stand-ins for the Worker's two `.wasm` module imports (aliased in
// vitest.config.ts). The vitest pool hands an imported .wasm to workerd as a
// JSON array of its bytes, which took ~20 s per runtime for onnxruntime-web's
// 12 MB wasm. Here the same file's bytes come through the MODEL_FILES binding
// and workerd compiles them natively: the code under test gets a
// WebAssembly.Module of the very same file.
interface TestEnv {
  MODEL_FILES: Fetcher;
  __VITEST_POOL_WORKERS_UNSAFE_EVAL: { newWasmModule(bytes: ArrayBuffer): WebAssembly.Module };
}

export async function compileDependencyWasm(path: string): Promise<WebAssembly.Module> {
  const { MODEL_FILES, __VITEST_POOL_WORKERS_UNSAFE_EVAL: unsafe } = env as unknown as TestEnv;
  const res = await MODEL_FILES.fetch(`http://files/node_modules/${path}`);
  if (!res.ok) throw new Error(`node_modules/${path}: ${res.status}`);
  return unsafe.newWasmModule(await res.arrayBuffer());
}
