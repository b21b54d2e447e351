import { FaceflareError } from "../core/errors.ts";
import { yieldToEventLoop } from "../core/yield.ts";
import type { RgbaImage } from "../image/types.ts";
import type { InferenceSession, TensorData } from "../runtime/backend.ts";
import type { Manifest, ModelEntry } from "../runtime/manifest-schema.ts";
import { taskDef, type ModelTask, type Task } from "../tasks/registry.ts";
import { blazefaceAnchors, decodeBlazeface } from "./blazeface.ts";
import { cropToSource, faceCropGeometry, sampleCrop, wholeImageGeometry } from "./crop.ts";
import { applyHeads } from "./heads.ts";
import { cropsToTensor } from "./tensor.ts";
import type { AnalyzeOptions, Detection, FaceRecord, Point } from "./types.ts";

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

/**
 * One model run over every face, and the tasks it answers. Steps run in
 * order: a head (a model fed another model's output rows, not a crop) is a
 * step after the one whose rows it reads.
 */
export interface PlanStep {
  model: ModelEntry;
  tasks: Task[];
}

/** What an analysis will run, resolved from the manifest before any pixel is touched. */
export interface Plan {
  detector: ModelEntry;
  steps: PlanStep[];
  /** L of Eq. 1: the request's, else the manifest's. */
  ageTopL: number;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * Face work one request may ask for: faces × the task models that run on a
 * crop of each (the detector not counted). 100 is, for example, 33 faces with
 * every task (three models), 50 with the default tasks (two), 100 with emotion
 * alone; on a shared 2-core VM a face costs 10 to 150 ms per model, so a
 * request stays within seconds of CPU, not minutes.
 */
export const FACE_WORK_BUDGET = 100;

/**
 * Crop pixels one model run takes at most (two 224x224 crops, eight 64x64):
 * runs stay short (about a quarter of a second on a shared 2-core VM), and
 * the pipeline gives the event loop a turn between runs, so other requests
 * of the isolate are answered while a large one computes.
 */
const PIXELS_PER_RUN = 2 * 224 * 224;

/** Faces per run of `model`: as many as PIXELS_PER_RUN allows, at least one, at most its maxBatch. */
export const facesPerRun = (model: ModelEntry) => Math.max(1, Math.min(model.maxBatch, Math.floor(PIXELS_PER_RUN / (model.input.width * model.input.height))));

/** The most faces a request with `steps` task models may ask for. */
export const maxFacesFor = (steps: number) => (steps > 0 ? Math.floor(FACE_WORK_BUDGET / steps) : FACE_WORK_BUDGET);

/** The entry of a model asked for `task` by the request; bad_options if it does not answer it. */
export async function modelForTask(models: Pick<ModelProvider, "entry">, id: string, task: ModelTask): Promise<ModelEntry> {
  const entry = await models.entry(id); // unknown_model when absent
  if (!entry.tasks.includes(task)) throw new FaceflareError("bad_options", `model "${entry.id}" is not an ${task} model`);
  return entry;
}

/**
 * InsightFace-style analysis: a detector, then each task model adds its
 * fields to every face record. All faces of an image go through a model in
 * one batched run.
 */
export class FaceAnalysis {
  constructor(private readonly models: ModelProvider) {}

  /** Which model answers each requested task (manifest defaults, emotion overridable); refuses bad options. */
  async plan(options: AnalyzeOptions): Promise<Plan> {
    const m = await this.models.manifest();
    const steps = new Map<string, PlanStep>();
    for (const task of options.tasks) {
      if (taskDef(task).roles.length === 0) continue; // the detector answers it
      const t = task as ModelTask;
      const model = t === "emotion" && options.emotionModel ? await modelForTask(this.models, options.emotionModel, t) : await this.models.entry(m.defaults[t]);
      if (!model.tasks.includes(t)) throw new Error(`manifest default ${model.id} does not answer ${t}`);
      const step = steps.get(model.id) ?? { model, tasks: [] };
      step.tasks.push(task);
      steps.set(model.id, step);
    }
    const plan = { detector: await this.models.entry(m.defaults.detector), steps: [...steps.values()], ageTopL: options.ageTopL ?? m.ageTopL };
    const most = maxFacesFor(plan.steps.length);
    if (options.maxFaces > most) {
      throw new FaceflareError(
        "bad_options",
        `maxFaces: ${options.maxFaces} faces with ${plan.steps.length} task models (${plan.steps.map((s) => s.model.id).join(", ")}) is more face work than a request may ask for (faces × task models ≤ ${FACE_WORK_BUDGET}); at most ${most} with these tasks.`,
        { maxFaces: most },
      );
    }
    return plan;
  }

  async detect(image: RgbaImage, detectorId?: string): Promise<Detection[]> {
    const entry = await this.models.entry(detectorId ?? (await this.models.manifest()).defaults.detector);
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

  /** Detect, then run the plan (made here unless the caller already has it). */
  async analyze(image: RgbaImage, options: AnalyzeOptions, plan?: Plan): Promise<FaceAnalysisResult> {
    plan ??= await this.plan(options); // refuses bad options before any inference
    const t = now();
    await yieldToEventLoop();
    const detections = (await this.detect(image, plan.detector.id))
      .filter((d) => Math.min(d.box.width, d.box.height) >= options.minFaceSize)
      .slice(0, options.maxFaces);
    const detect = now() - t;
    const r = await this.runPlan(plan, image, detections);
    if (!options.tasks.includes("landmarks")) for (const f of r.faces) f.keypoints = {};
    return { ...r, models: [{ id: plan.detector.id, version: plan.detector.version }, ...r.models], timings: { detect, ...r.timings } };
  }

  /**
   * The task models on faces found elsewhere: each model cuts every face as
   * its manifest says and runs them a few at a time (facesPerRun).
   * `detector` names the eye keypoints used for alignment.
   */
  async describe(image: RgbaImage, detections: Detection[], options: AnalyzeOptions, detector?: ModelEntry): Promise<FaceAnalysisResult> {
    return this.runPlan({ ...(await this.plan(options)), detector }, image, detections);
  }

  private async runPlan(plan: Omit<Plan, "detector"> & { detector?: ModelEntry }, image: RgbaImage, detections: Detection[]): Promise<FaceAnalysisResult> {
    const timings: Record<string, number> = {};
    const faces: FaceRecord[] = detections.map((d) => ({ ...d }));
    for (const { model, tasks } of plan.steps) {
      if (faces.length === 0) continue;
      const id = model.id;
      const session = await this.models.session(id);
      const step = facesPerRun(model);
      let crop = 0;
      let infer = 0;
      // Cut and run a few faces at a time, with a turn for other requests between runs.
      for (let start = 0; start < faces.length; start += step) {
        await yieldToEventLoop();
        const chunk = faces.slice(start, start + step);
        let t = now();
        const crops = chunk.map((f) => sampleCrop(image, faceCropGeometry(f, model.crop, eyesOf(f, plan.detector)), model.input.width, model.input.height));
        crop += now() - t;
        t = now();
        const out = await runModel(session, model, crops);
        chunk.forEach((face, n) => applyHeads(face, model, tasks, out, n, plan.ageTopL));
        infer += now() - t;
      }
      timings[`crop.${id}`] = crop;
      timings[`infer.${id}`] = infer;
    }
    return { faces, models: plan.steps.map(({ model: e }) => ({ id: e.id, version: e.version })), timings };
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
