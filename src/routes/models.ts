import { z } from "@hono/zod-openapi";
import { registryFor } from "../service/analyze.ts";
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

const ModelsResponse = z
  .object({ defaults: z.record(z.string(), z.string()), ageTopL: z.number().int(), models: z.array(ModelInfo), calibrations: z.array(CalibrationInfo) })
  .openapi("Models");

const modelsRoute = route("get", "/v1/models", "meta", {
  operationId: "listModels",
  summary: "The models this deployment serves, with their model cards",
  responses: { 200: jsonResponse("Manifest without storage internals", ModelsResponse), ...protectedErrors("unavailable") },
});

export function modelRoutes() {
  return newRouter().openapi(modelsRoute, async (c) => {
    const m = await registryFor(c.env).manifest();
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
      },
      200,
    );
  });
}
