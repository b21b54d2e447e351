import { z } from "@hono/zod-openapi";
import { registryFor } from "../service/analyze.ts";
import { ClassifierCardSchema } from "../clips/classifier.ts";
import { listClassifiers } from "../clips/classifier-list.ts";
import { CLIP_MODES } from "../clips/frame-descriptor.ts";
import { newRouter } from "../http/router.ts";
import { jsonResponse, protectedErrors, route } from "../http/openapi.ts";

const ModelInfo = z
  .object({
    id: z.string(),
    version: z.string(),
    kind: z.enum(["detector", "face", "head"]),
    tasks: z.array(z.string()),
    availability: z.enum(["bundled", "user-supplied"]),
    precision: z.string(),
    bytes: z.number().optional(),
    sha256: z.string().optional(),
    license: z.string(),
    source: z.object({ package: z.string(), upstream: z.string().optional() }),
    input: z.object({ width: z.number(), height: z.number(), colorOrder: z.string() }).optional().openapi({ description: "The image a detector or face model is fed (absent for heads)." }),
    crop: z.object({ kind: z.string(), scale: z.number(), square: z.boolean(), align: z.boolean() }).optional(),
    backbone: z
      .object({ model: z.string(), output: z.string() })
      .optional()
      .openapi({ description: "Heads only: the model whose output rows (one per face) this head is fed; it runs once per face for every task on it." }),
    outputs: z.array(z.object({ role: z.string(), labels: z.array(z.string()).optional() })),
    card: z.record(z.string(), z.unknown()),
  })
  .openapi("ModelInfo");

const CalibrationInfo = z
  .object({
    id: z.string(),
    kind: z.enum(["age-calibration", "gender-reliability"]),
    model: z.string(),
    topL: z.number().int(),
    license: z.string(),
    nonCommercial: z.boolean(),
    sha256: z.string(),
    card: z.record(z.string(), z.unknown()),
  })
  .openapi("CalibrationInfo", {
    description: "An adjustment of a model's answers: an age calibration is applied when a request names it (`ageCalibration`), a gender-reliability rule always.",
  });

const ClassifierInfo = z
  .object({
    id: z.string().openapi({ description: "Pass as `classifier` to POST /v1/clips." }),
    kind: z.enum(["logistic", "svm"]),
    labels: z.array(z.string()).openapi({ description: "The classes it answers." }),
    mode: z.enum(CLIP_MODES).openapi({ description: "The clip mode (descriptor layout) it was trained on." }),
    emotionModel: z.string().openapi({ description: "The emotion model whose frame descriptors it was trained on." }),
    descriptorDim: z.number().int(),
    cvAccuracy: z.number().optional().openapi({ description: "Cross-validated accuracy as train:clip measured it (see card.crossValidation for how)." }),
    card: ClassifierCardSchema.openapi({ description: "What it was trained on, how it was validated (accuracy, macro-F1, per-class recall, confusion) and how its regularisation was chosen." }),
  })
  .openapi("ClipClassifierInfo");

const ModelsResponse = z
  .object({
    defaults: z.record(z.string(), z.string()),
    ageTopL: z.number().int(),
    models: z.array(ModelInfo),
    calibrations: z.array(CalibrationInfo),
    classifiers: z.array(ClassifierInfo).openapi({ description: "Clip classifiers in the MODELS bucket (classifiers/<id>.json), from `npm run train:clip`." }),
    warnings: z.array(z.string()).optional().openapi({ description: "Files in the bucket that could not be listed, and why." }),
  })
  .openapi("Models");

const modelsRoute = route("get", "/v1/models", "meta", {
  operationId: "listModels",
  summary: "The models this deployment serves, with their model cards",
  responses: { 200: jsonResponse("Manifest without storage internals", ModelsResponse), ...protectedErrors("unavailable") },
});

export function modelRoutes() {
  return newRouter().openapi(modelsRoute, async (c) => {
    const m = await registryFor(c.env).manifest();
    const { classifiers, warnings } = await listClassifiers(c.env.MODELS);
    return c.json(
      {
        defaults: m.defaults,
        ageTopL: m.ageTopL,
        models: m.models.map((e) => ({
          id: e.id,
          version: e.version,
          kind: e.kind,
          tasks: e.tasks,
          availability: e.availability,
          precision: e.precision,
          bytes: e.bytes,
          sha256: e.sha256,
          license: e.license,
          source: { package: e.source.package, upstream: e.source.upstream },
          ...(e.kind === "head"
            ? { backbone: e.backbone }
            : {
                input: { width: e.input.width, height: e.input.height, colorOrder: e.input.colorOrder },
                crop: { kind: e.crop.kind, scale: e.crop.scale, square: e.crop.square, align: e.crop.align },
              }),
          outputs: e.outputs.map((o) => ({ role: o.role, labels: o.labels })),
          card: e.card,
        })),
        calibrations: m.calibrations.map((c) => ({ id: c.id, kind: c.kind, model: c.model, topL: c.topL, license: c.license, nonCommercial: c.nonCommercial, sha256: c.sha256, card: c.card })),
        classifiers: classifiers.map((k) => ({
          id: k.id,
          kind: k.kind,
          labels: k.labels,
          mode: k.mode,
          emotionModel: k.emotionModel,
          descriptorDim: k.descriptorDim,
          ...(k.cvAccuracy !== undefined ? { cvAccuracy: k.cvAccuracy } : {}),
          card: k.card ?? {},
        })),
        ...(warnings.length ? { warnings } : {}),
      },
      200,
    );
  });
}
