import { photonWasmModule } from "@cf-wasm/photon";
import type { RgbaImage } from "./types.ts";

/**
 * Photon decode in a private, throw-away wasm instance.
 *
 * Why not the package's singleton: a wasm heap never shrinks, so one big
 * decode would pin its peak for the isolate's life; and a Rust panic (wasm
 * trap) leaves the singleton's allocator and stack pointer in an unknown
 * state. A fresh Instance of the already-compiled module costs ~1 ms, and
 * dropping it hands the whole heap back to the GC.
 */
interface PhotonExports {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_start(): void;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  photonimage_new_from_byteslice(ptr: number, len: number): number;
  photonimage_get_width(img: number): number;
  photonimage_get_height(img: number): number;
  photonimage_get_raw_pixels(img: number): [number, number];
  __wbg_photonimage_free(img: number, flag: number): void;
}

function instantiate(): PhotonExports {
  let ex: PhotonExports | undefined;
  const text = (ptr: number, len: number) => new TextDecoder().decode(new Uint8Array(ex!.memory.buffer, ptr >>> 0, len));
  const fns: Record<string, (...a: never[]) => unknown> = {};
  for (const imp of WebAssembly.Module.imports(photonWasmModule)) {
    const name = imp.name;
    if (name === "__wbindgen_init_externref_table") {
      fns[name] = () => {
        const t = ex!.__wbindgen_externrefs;
        const off = t.grow(4);
        t.set(0, undefined);
        t.set(off, undefined);
        t.set(off + 1, null);
        t.set(off + 2, true);
        t.set(off + 3, false);
      };
    } else if (name.startsWith("__wbg___wbindgen_throw_")) {
      fns[name] = ((p: number, l: number) => {
        throw new Error(text(p, l));
      }) as never;
    } else {
      // Only browser glue (canvas, console, panic hook) is left; reaching it means the decode failed.
      fns[name] = () => {
        throw new Error(`photon called ${name}`);
      };
    }
  }
  const instance = new WebAssembly.Instance(photonWasmModule, { "./photon_rs_bg.js": fns });
  ex = instance.exports as unknown as PhotonExports;
  ex.__wbindgen_start();
  return ex;
}

export interface PhotonDecode {
  image: RgbaImage;
  /** Size the wasm heap reached; reported by measurements. */
  wasmBytes: number;
}

/** Decode PNG/WebP/JPEG bytes to RGBA. Throws (never traps the caller) on bad input. */
export function photonDecode(bytes: Uint8Array): PhotonDecode {
  const ex = instantiate();
  const ptr = ex.__wbindgen_malloc(bytes.length, 1) >>> 0;
  new Uint8Array(ex.memory.buffer).set(bytes, ptr);
  const img = ex.photonimage_new_from_byteslice(ptr, bytes.length); // takes ownership of the input copy
  const width = ex.photonimage_get_width(img) >>> 0;
  const height = ex.photonimage_get_height(img) >>> 0;
  const [p, len] = ex.photonimage_get_raw_pixels(img);
  if (len !== width * height * 4) throw new Error(`photon returned ${len} bytes for ${width}x${height}`);
  const data = new Uint8ClampedArray(ex.memory.buffer, p >>> 0, len).slice();
  const wasmBytes = ex.memory.buffer.byteLength;
  // No need to free: the whole instance is dropped.
  return { image: { width, height, data }, wasmBytes };
}
