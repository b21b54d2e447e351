import { compileDependencyWasm } from "./wasm-from-binding.ts";

export default await compileDependencyWasm("onnxruntime-web/dist/ort-wasm-simd-threaded.wasm");
