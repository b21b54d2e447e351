import { FaceAnalysis } from "../src/pipeline/face-analysis.ts";
import { analyzeImageBytes } from "../src/pipeline/analyze-image.ts";
import { ortWasmHeapBytes } from "../src/runtime/ort-web.ts";
import { createOrtWebNodeBackend } from "../tools/runtime/ort-web-node.ts";
import { FileModels } from "../tools/runtime/file-models.ts";
import { benchOptions } from "./native.ts";
import { BIG_PHOTO, ROOT, TASKS, loadPhoto } from "./photos.ts";
import { memoryOf, resetPeakRss } from "./proc.ts";
import type { PeakResult } from "./types.ts";

/**
 * The Worker's pipeline at its true peak, in a fresh Node process on the
 * Worker's own wasm (onnxruntime-web, one thread): the resident set just
 * before anything of ours is allocated, then the kernel's high-water mark
 * (VmHWM, reset at that point) after loading every model of the tasks and
 * analysing the 12 MP photo, cold. Every page the pipeline touched counts,
 * inside synchronous decode and inference too, so the difference bounds
 * what an isolate needs for that request from above (it also holds garbage
 * not yet collected and Node's own lazily compiled code).
 */
export async function measurePeak(log: (line: string) => void): Promise<PeakResult> {
  const models = new FileModels(`${ROOT}/models`, createOrtWebNodeBackend());
  const self = process.pid;
  const baselineRssBytes = memoryOf(self).rssBytes;
  if (!resetPeakRss(self)) throw new Error("the kernel refused to reset VmHWM (/proc/self/clear_refs)");
  const photo = loadPhoto(BIG_PHOTO);
  const options = await benchOptions(models);
  const r = await analyzeImageBytes(new FaceAnalysis(models), photo.bytes, options);
  const peakRssBytes = memoryOf(self).hwmBytes;
  const mem = process.memoryUsage();
  log(`12 MP photo, ${r.faces.length} faces: RSS ${(baselineRssBytes / 2 ** 20).toFixed(1)} → peak ${(peakRssBytes / 2 ** 20).toFixed(1)} MiB`);
  return {
    photo: photo.name,
    tasks: TASKS,
    faces: r.faces.length,
    decodedScale: r.image.decodedScale,
    baselineRssBytes,
    peakRssBytes,
    ortWasmHeapBytes: ortWasmHeapBytes(),
    afterJsHeapBytes: mem.heapTotal,
    afterArrayBuffersBytes: mem.arrayBuffers,
  };
}
