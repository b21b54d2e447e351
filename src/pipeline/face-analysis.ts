import { FaceflareError } from "../core/errors.ts";
import { yieldToEventLoop } from "../core/yield.ts";
import type { RgbaImage } from "../image/types.ts";
import type { InferenceSession, TensorData } from "../runtime/backend.ts";
import type { CalibrationEntry, HeadEntry, ImageModelEntry, Manifest, ModelEntry } from "../runtime/manifest-schema.ts";
import { taskDef, type ModelTask, type Task } from "../tasks/registry.ts";
import type { ReadContext } from "../tasks/task.ts";
import type { AgeCalibration, CalibrationFile, GenderReliability } from "./calibration.ts";
import { blazefaceAnchors, decodeBlazeface } from "./blazeface.ts";
import { cropToSource, faceCropGeometry, sampleCrop, wholeImageGeometry } from "./crop.ts";
import { applyHeads, roleRows } from "./heads.ts";
import { cropsToTensor, rowsToTensor } from "./tensor.ts";
import type { AnalyzeOptions, Detection, FaceRecord, Point } from "./types.ts";

/** Where models come from: the Worker's R2 registry or files in Node tools. */
export interface ModelProvider {
  manifest(): Promise<Manifest>;
  entry(id: string): Promise<ModelEntry>;
  session(id: string): Promise<InferenceSession>;
  /** A calibration of the manifest with its file (unknown_model when absent). */
  calibration(id: string): Promise<{ entry: CalibrationEntry; file: CalibrationFile }>;
}

export interface FaceAnalysisResult {
  faces: FaceRecord[];
  models: { id: string; version: string }[];
  timings: Record<string, number>;
}

/**
 * One model run over every face, and the tasks it answers. Steps run in
 * order: a head (a model fed another model's output rows, not a crop) is a
 * step after its backbone's, which the planner adds when no task asked for it.
 */
export interface PlanStep {
  model: ModelEntry;
  tasks: Task[];
}

/** What an analysis will run, resolved from the manifest before any pixel is touched. */
export interface Plan {
  detector: ImageModelEntry;
  steps: PlanStep[];
  /** L of Eq. 1: the request's, else the manifest's. */
  ageTopL: number;
  /** The age calibration asked for (checked to be of the age model at ageTopL) and the gender model's reliability rule. */
  calibrations: { age?: { entry: CalibrationEntry; file: AgeCalibration }; gender?: { entry: CalibrationEntry; file: GenderReliability } };
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * Face work one request may ask for: faces × the task models that cut and run
 * every face (the detector and heads, which read another model's rows, not
 * counted). 100 is, for example, 50 faces with every task (emotion and
 * faceres, ethnicity as a head on faceres), 33 with gear for ethnicity, 100
 * with emotion alone; on a shared 2-core VM a face costs 10 to 150 ms per
 * model, so a request stays within seconds of CPU, not minutes.
 */
export const FACE_WORK_BUDGET = 100;

/**
 * Crop pixels one model run takes at most (two 224x224 crops, three 160x160, eight 64x64):
 * runs stay short (about a quarter of a second on a shared 2-core VM), and
 * the pipeline gives the event loop a turn between runs, so other requests
 * of the isolate are answered while a large one computes.
 */
const PIXELS_PER_RUN = 2 * 224 * 224;

/** Faces per run of `model`: as many as PIXELS_PER_RUN allows, at least one, at most its maxBatch. */
export const facesPerRun = (model: ImageModelEntry) => Math.max(1, Math.min(model.maxBatch, Math.floor(PIXELS_PER_RUN / (model.input.width * model.input.height))));

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

  /** Which model answers each requested task (manifest defaults, or a model picked by id), heads after their backbones, calibrations; refuses bad options. */
  async plan(options: AnalyzeOptions): Promise<Plan> {
    const m = await this.models.manifest();
    const steps = new Map<string, PlanStep>();
    const stepOf = (model: ModelEntry) => steps.get(model.id) ?? steps.set(model.id, { model, tasks: [] }).get(model.id)!;
    for (const task of options.tasks) {
      const def = taskDef(task);
      if (def.roles.length === 0) continue; // the detector answers it
      const t = task as ModelTask;
      const requested = def.modelOption && (options as unknown as Record<string, string | undefined>)[def.modelOption];
      const model = requested ? await modelForTask(this.models, requested, t) : await this.models.entry(m.defaults[t]);
      if (!model.tasks.includes(t)) throw new Error(`manifest default ${model.id} does not answer ${t}`);
      if (model.kind === "head") stepOf(await this.backboneOf(model)); // its rows must exist before the head runs
      stepOf(model).tasks.push(task);
    }
    const ageTopL = options.ageTopL ?? m.ageTopL;
    const modelOf = (task: Task) => [...steps.values()].find((s) => s.tasks.includes(task))?.model;
    const plan: Plan = { detector: await this.detectorEntry(m.defaults.detector), steps: [...steps.values()], ageTopL, calibrations: await this.calibrationsFor(options, ageTopL, m, modelOf) };
    // Heads read rows the backbone already made: only models that cut and run every face count.
    const imageSteps = plan.steps.filter((s) => s.model.kind !== "head");
    const most = maxFacesFor(imageSteps.length);
    if (options.maxFaces > most) {
      throw new FaceflareError(
        "bad_options",
        `maxFaces: ${options.maxFaces} faces with ${imageSteps.length} task models (${imageSteps.map((s) => s.model.id).join(", ")}) is more face work than a request may ask for (faces × task models ≤ ${FACE_WORK_BUDGET}); at most ${most} with these tasks.`,
        { maxFaces: most },
      );
    }
    return plan;
  }

  /** A head's backbone: a face model with the output the head reads. */
  private async backboneOf(head: HeadEntry): Promise<ImageModelEntry> {
    const backbone = await this.models.entry(head.backbone.model);
    if (backbone.kind !== "face" || !backbone.outputs.some((o) => o.role === head.backbone.output))
      throw new FaceflareError("unavailable", `head "${head.id}" reads ${head.backbone.output} of "${backbone.id}", which is not a face model with that output`);
    return backbone;
  }

  private async detectorEntry(id: string): Promise<ImageModelEntry> {
    const entry = await this.models.entry(id);
    if (entry.kind !== "detector" || !entry.detector) throw new Error(`model ${entry.id} is not a detector`);
    return entry;
  }

  /** The requested age calibration (of the age model, at the request's L) and the gender model's reliability rule, if any. */
  private async calibrationsFor(options: AnalyzeOptions, ageTopL: number, m: Manifest, modelOf: (task: Task) => ModelEntry | undefined): Promise<Plan["calibrations"]> {
    const out: Plan["calibrations"] = {};
    if (options.ageCalibration) {
      const age = modelOf("age");
      if (!age) throw new FaceflareError("bad_options", "ageCalibration needs the age task");
      const { entry, file } = await this.models.calibration(options.ageCalibration);
      if (file.kind !== "age-calibration" || entry.model !== age.id) throw new FaceflareError("bad_options", `"${entry.id}" is not an age calibration of the age model "${age.id}"`);
      if (ageTopL !== entry.topL) throw new FaceflareError("bad_options", `age calibration "${entry.id}" maps the Eq. 1 age at ageTopL=${entry.topL}; this request uses ageTopL=${ageTopL}`);
      out.age = { entry, file };
    }
    const gender = modelOf("gender");
    const rule = gender && m.calibrations.find((c) => c.kind === "gender-reliability" && c.model === gender.id);
    if (rule) {
      const { entry, file } = await this.models.calibration(rule.id);
      if (file.kind === "gender-reliability") out.gender = { entry, file };
    }
    return out;
  }

  async detect(image: RgbaImage, detectorId?: string): Promise<Detection[]> {
    const entry = await this.detectorEntry(detectorId ?? (await this.models.manifest()).defaults.detector);
    const { width: S, height } = entry.input;
    if (S !== height) throw new Error("detector input must be square");
    const g = wholeImageGeometry(image, entry.crop.letterbox);
    const pixels = sampleCrop(image, g, S, S);
    const session = await this.models.session(entry.id);
    const out = await runModel(session, entry, cropsToTensor([pixels], entry.input));
    const spec = entry.outputs.find((o) => o.role === "detections");
    if (!spec) throw new Error(`detector ${entry.id} has no detections output`);
    const rows = out[spec.name];
    const anchors = blazefaceAnchors(entry.detector!, S);
    return decodeBlazeface(rows.data, rows.dims[rows.dims.length - 1], anchors, entry.detector!, cropToSource(g, S, S));
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
  async describe(image: RgbaImage, detections: Detection[], options: AnalyzeOptions, detector?: ImageModelEntry): Promise<FaceAnalysisResult> {
    return this.runPlan({ ...(await this.plan(options)), detector }, image, detections);
  }

  private async runPlan(plan: Omit<Plan, "detector"> & { detector?: ImageModelEntry }, image: RgbaImage, detections: Detection[]): Promise<FaceAnalysisResult> {
    const timings: Record<string, number> = {};
    const faces: FaceRecord[] = detections.map((d) => ({ ...d }));
    const ctx: Omit<ReadContext, "model"> = { ageTopL: plan.ageTopL, ageCalibration: plan.calibrations.age, genderReliability: plan.calibrations.gender?.file };
    // What heads read: each face's row of a backbone output, by "model:role".
    const feedKey = (model: string, role: string) => `${model}:${role}`;
    const fed = new Map<string, Float32Array[]>(plan.steps.flatMap(({ model: h }) => (h.kind === "head" ? [[feedKey(h.backbone.model, h.backbone.output), []]] : [])));
    for (const { model, tasks } of plan.steps) {
      if (faces.length === 0) continue;
      if (model.kind === "head") {
        await this.runHead(model, tasks, faces, fed.get(feedKey(model.backbone.model, model.backbone.output))!, ctx, timings);
        continue;
      }
      const id = model.id;
      const session = await this.models.session(id);
      const keep = model.outputs.flatMap((o) => {
        const rows = fed.get(feedKey(id, o.role));
        return rows ? [[o.role, rows] as const] : [];
      });
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
        const out = await runModel(session, model, cropsToTensor(crops, model.input));
        chunk.forEach((face, n) => {
          const rows = roleRows(model, out, n);
          applyHeads(face, tasks, rows, { ...ctx, model });
          for (const [role, list] of keep) list.push(rows(role)!.row);
        });
        infer += now() - t;
      }
      timings[`crop.${id}`] = crop;
      timings[`infer.${id}`] = infer;
    }
    return { faces, models: plan.steps.map(({ model: e }) => ({ id: e.id, version: e.version })), timings };
  }

  /** A head on every face's backbone rows, in batches of its maxBatch. */
  private async runHead(head: HeadEntry, tasks: Task[], faces: FaceRecord[], inputs: Float32Array[], ctx: Omit<ReadContext, "model">, timings: Record<string, number>) {
    const t = now();
    const session = await this.models.session(head.id);
    for (let start = 0; start < faces.length; start += head.maxBatch) {
      const out = await runModel(session, head, rowsToTensor(inputs.slice(start, start + head.maxBatch), head.input.dims[0]));
      faces.slice(start, start + head.maxBatch).forEach((face, n) => applyHeads(face, tasks, roleRows(head, out, n), { ...ctx, model: head }));
    }
    timings[`infer.${head.id}`] = now() - t;
  }
}

/**
 * One batched run. A model with a single input or output may name it
 * differently from its manifest (user-supplied files): map by position then.
 */
async function runModel(session: InferenceSession, entry: ModelEntry, input: TensorData): Promise<Record<string, TensorData>> {
  const inputName = session.inputNames.includes(entry.input.name) || session.inputNames.length !== 1 ? entry.input.name : session.inputNames[0];
  const out = await session.run({ [inputName]: input });
  for (const spec of entry.outputs) {
    if (!out[spec.name] && session.outputNames.length === 1) out[spec.name] = out[session.outputNames[0]];
  }
  return out;
}

/** The two eye keypoints, by the detector's keypoint names. */
function eyesOf(face: Detection, detector?: ImageModelEntry): [Point, Point] | undefined {
  const names = detector?.detector?.keypoints.filter((k) => k.includes("eye")) ?? [];
  const [a, b] = names.map((n) => face.keypoints[n]);
  return a && b ? [a, b] : undefined;
}
