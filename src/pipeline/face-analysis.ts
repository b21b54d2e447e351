import type { RgbaImage } from "../image/types.ts";
import type { InferenceSession, TensorData } from "../runtime/backend.ts";
import type { Manifest, ModelEntry } from "../runtime/manifest-schema.ts";
import { blazefaceAnchors, decodeBlazeface } from "./blazeface.ts";
import { cropToSource, faceCropGeometry, sampleCrop, wholeImageGeometry } from "./crop.ts";
import { applyHeads } from "./heads.ts";
import { cropsToTensor } from "./tensor.ts";
import type { AnalyzeOptions, Detection, FaceRecord, Point, Task } from "./types.ts";

/** Where models come from: the Worker's R2 registry or files in Node tools. */
export interface ModelProvider {
  manifest(): Promise<Manifest>;
  entry(id: string): Promise<ModelEntry>;
  session(id: string): Promise<InferenceSession>;
}

export interface FaceAnalysisResult {
  faces: FaceRecord[];
  models: { id: string; version: string }[];
  timings: Record<string, number>;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * InsightFace-style analysis: a detector, then each task model adds its
 * fields to every face record. All faces of an image go through a model in
 * one batched run.
 */
export class FaceAnalysis {
  constructor(private readonly models: ModelProvider) {}

  /** Which model answers each requested task (manifest defaults, emotion overridable). */
  async plan(options: AnalyzeOptions): Promise<Map<string, Task[]>> {
    const m = await this.models.manifest();
    const byModel = new Map<string, Task[]>();
    for (const task of options.tasks) {
      if (task === "landmarks") continue;
      const id = task === "emotion" && options.emotionModel ? options.emotionModel : m.defaults[task];
      const entry = await this.models.entry(id);
      if (!entry.tasks.includes(task)) throw new Error(`model ${id} does not answer ${task}`);
      byModel.set(id, [...(byModel.get(id) ?? []), task]);
    }
    return byModel;
  }

  async detect(image: RgbaImage, detectorId?: string): Promise<Detection[]> {
    const m = await this.models.manifest();
    const entry = await this.models.entry(detectorId ?? m.defaults.detector);
    if (!entry.detector) throw new Error(`model ${entry.id} is not a detector`);
    const { width: S, height } = entry.input;
    if (S !== height) throw new Error("detector input must be square");
    const g = wholeImageGeometry(image, entry.crop.letterbox);
    const pixels = sampleCrop(image, g, S, S);
    const session = await this.models.session(entry.id);
    const out = await runModel(session, entry, [pixels]);
    const spec = entry.outputs.find((o) => o.role === "detections");
    if (!spec) throw new Error(`detector ${entry.id} has no detections output`);
    const rows = out[spec.name];
    const anchors = blazefaceAnchors(entry.detector, S);
    return decodeBlazeface(rows.data, rows.dims[rows.dims.length - 1], anchors, entry.detector, cropToSource(g, S, S));
  }

  async analyze(image: RgbaImage, options: AnalyzeOptions, detectorId?: string): Promise<FaceAnalysisResult> {
    const m = await this.models.manifest();
    const detector = await this.models.entry(detectorId ?? m.defaults.detector);
    const plan = await this.plan(options); // refuses bad options before any inference
    const t = now();
    const detections = (await this.detect(image, detector.id))
      .filter((d) => Math.min(d.box.width, d.box.height) >= options.minFaceSize)
      .slice(0, options.maxFaces);
    const detect = now() - t;
    const r = await this.runPlan(plan, image, detections, options, detector);
    if (!options.tasks.includes("landmarks")) for (const f of r.faces) f.keypoints = {};
    return { ...r, models: [{ id: detector.id, version: detector.version }, ...r.models], timings: { detect, ...r.timings } };
  }

  /**
   * The task models on faces found elsewhere: each model cuts every face as
   * its manifest says and runs them in batches of at most `maxBatch`.
   * `detector` names the eye keypoints used for alignment.
   */
  async describe(image: RgbaImage, detections: Detection[], options: AnalyzeOptions, detector?: ModelEntry): Promise<FaceAnalysisResult> {
    return this.runPlan(await this.plan(options), image, detections, options, detector);
  }

  private async runPlan(plan: Map<string, Task[]>, image: RgbaImage, detections: Detection[], options: AnalyzeOptions, detector?: ModelEntry): Promise<FaceAnalysisResult> {
    const timings: Record<string, number> = {};
    const used: ModelEntry[] = [];
    const m = await this.models.manifest();
    const faces: FaceRecord[] = detections.map((d) => ({ ...d }));
    for (const [id, tasks] of plan) {
      const entry = await this.models.entry(id);
      used.push(entry);
      if (faces.length === 0) continue;
      let t = now();
      const crops = faces.map((f) => sampleCrop(image, faceCropGeometry(f, entry.crop, eyesOf(f, detector)), entry.input.width, entry.input.height));
      timings[`crop.${id}`] = now() - t;
      t = now();
      const session = await this.models.session(id);
      for (let start = 0; start < faces.length; start += entry.maxBatch) {
        const out = await runModel(session, entry, crops.slice(start, start + entry.maxBatch));
        faces.slice(start, start + entry.maxBatch).forEach((face, n) => applyHeads(face, entry, tasks, out, n, options.ageTopL ?? m.ageTopL));
      }
      timings[`infer.${id}`] = now() - t;
    }
    return { faces, models: used.map((e) => ({ id: e.id, version: e.version })), timings };
  }

}

/**
 * One batched run. A model with a single input or output may name it
 * differently from its manifest (user-supplied files): map by position then.
 */
async function runModel(session: InferenceSession, entry: ModelEntry, crops: Uint8Array[]): Promise<Record<string, TensorData>> {
  const inputName = session.inputNames.includes(entry.input.name) || session.inputNames.length !== 1 ? entry.input.name : session.inputNames[0];
  const out = await session.run({ [inputName]: cropsToTensor(crops, entry.input) });
  for (const spec of entry.outputs) {
    if (!out[spec.name] && session.outputNames.length === 1) out[spec.name] = out[session.outputNames[0]];
  }
  return out;
}

/** The two eye keypoints, by the detector's keypoint names. */
function eyesOf(face: Detection, detector?: ModelEntry): [Point, Point] | undefined {
  const names = detector?.detector?.keypoints.filter((k) => k.includes("eye")) ?? [];
  const [a, b] = names.map((n) => face.keypoints[n]);
  return a && b ? [a, b] : undefined;
}
