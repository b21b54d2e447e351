// Workerd-only: the onnxruntime-web 1.23 wasm, compiled by the host at load
// time (wrangler.toml's CompiledWasm rule for **/*.wasm; the vitest plugin
// reads the same rule). The package's exports map hides dist/, hence the
// relative path. Node tools compile the same file with `new WebAssembly.Module`.
import ortWasm from "../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm";

export const ortWasmModule: WebAssembly.Module = ortWasm;
