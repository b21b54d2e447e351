import { compileDependencyWasm } from "./wasm-from-binding.ts";

export default await compileDependencyWasm("@cf-wasm/photon/dist/lib/photon_rs_bg.wasm");
