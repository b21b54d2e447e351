import * as ortNode from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import type { InferenceSession, TensorData } from "../../../src/runtime/backend.ts";

// Both runtimes expose the same InferenceSession/Tensor API shape; adapt either to
// the project's InferenceSession (one thread, so results are reproducible).
type OrtModule = typeof ortNode | typeof ortWeb;

async function wrap(ort: OrtModule, bytes: Uint8Array, options: object): Promise<InferenceSession> {
  const session = await (ort.InferenceSession as typeof ortNode.InferenceSession).create(bytes, options);
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds: Record<string, TensorData>, outputs?: readonly string[]) {
      const ortFeeds: Record<string, ortNode.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) {
        ortFeeds[name] = new (ort.Tensor as typeof ortNode.Tensor)("float32", t.data, t.dims);
      }
      // onnxruntime-node 1.23 mislabels results when given a subset of fetches
      // (asked for ["a"] of outputs [b, a], it returns key "b"): run all, then pick.
      const result = await session.run(ortFeeds);
      const out: Record<string, TensorData> = {};
      for (const name of outputs ?? session.outputNames) {
        const t = result[name];
        if (!t) throw new Error(`model has no output ${name}`);
        out[name] = { data: t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number>), dims: [...t.dims] };
      }
      return out;
    },
    release: () => session.release(),
  };
}

/** A session in onnxruntime-node (CPU EP, one intra-op thread). */
export function nodeSession(bytes: Uint8Array): Promise<InferenceSession> {
  return wrap(ortNode, bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: "sequential" });
}

/** A session in onnxruntime-web's wasm backend (what the Worker runs), one thread. */
export function webSession(bytes: Uint8Array): Promise<InferenceSession> {
  ortWeb.env.wasm.numThreads = 1;
  return wrap(ortWeb, bytes, { executionProviders: ["wasm"] });
}
