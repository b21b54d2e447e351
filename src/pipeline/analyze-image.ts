import { decodeImage } from "../image/decode.ts";
import type { FaceAnalysis, Plan } from "./face-analysis.ts";
import { scaleFaces } from "./scale-faces.ts";
import type { AnalyzeOptions, PipelineResult } from "./types.ts";

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * Image bytes in, pipeline result out: decode (EXIF-oriented, large photos
 * at reduced scale), analyse, and report geometry in the original image's
 * pixels. The Worker, the clip tools, the CLI tool and the bench all call this.
 */
export async function analyzeImageBytes(analysis: FaceAnalysis, bytes: Uint8Array, options: AnalyzeOptions, plan?: Plan): Promise<PipelineResult> {
  const t0 = now();
  const decoded = await decodeImage(bytes);
  const decode = now() - t0;
  const k = decoded.scale;
  const r = await analysis.analyze(decoded.image, { ...options, minFaceSize: options.minFaceSize * k }, plan);
  return {
    image: { width: decoded.width, height: decoded.height, orientation: decoded.orientation, decodedScale: k },
    faces: scaleFaces(r.faces, 1 / k),
    models: r.models,
    timings: { decode, ...r.timings, total: now() - t0 },
  };
}
