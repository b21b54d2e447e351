/**
 * The inference-backend interface the pipeline runs on. onnxruntime-web
 * (workerd, browsers) and onnxruntime-node (tools, bench, eval) implement it,
 * so pipeline code never imports a runtime.
 */
export interface TensorData {
  data: Float32Array;
  dims: number[];
}

export interface InferenceSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorData>, outputs?: readonly string[]): Promise<Record<string, TensorData>>;
  release?(): Promise<void>;
}

export interface InferenceBackend {
  readonly name: string;
  createSession(model: Uint8Array): Promise<InferenceSession>;
}
