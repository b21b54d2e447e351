/** `.wasm` imports are precompiled WebAssembly.Module objects (wrangler CompiledWasm rule). */
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
