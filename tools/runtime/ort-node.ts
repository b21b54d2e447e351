import * as ort from "onnxruntime-node";
import type { InferenceBackend } from "../../src/runtime/backend.ts";
import { OrtSession } from "../../src/runtime/ort-session.ts";

/**
 * onnxruntime-node (native CPU) as an InferenceBackend for Node tools, eval
 * and bench. One intra-op thread, like the Worker, so timings compare.
 */
export function createOrtNodeBackend(options: { intraOpNumThreads?: number } = {}): InferenceBackend {
  return {
    name: "onnxruntime-node",
    async createSession(model: Uint8Array) {
      const session = await ort.InferenceSession.create(model, {
        intraOpNumThreads: options.intraOpNumThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
      });
      return new OrtSession(session, (data, dims) => new ort.Tensor("float32", data, dims), true);
    },
  };
}
