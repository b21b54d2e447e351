import { analyzeCached } from "../service/analyze.ts";
import { IMAGE_MEDIA_TYPES } from "../image/formats.ts";
import { DEFAULT_MAX_FACES, DEFAULT_MIN_FACE_SIZE } from "../pipeline/options.ts";
import { DEFAULT_TASKS, TASK_OPTIONS } from "../tasks/registry.ts";
import { TASKS_DESCRIPTION } from "../tasks/tasks-option.ts";
import { AnalyzeQuerySchema, AnalyzeResponseSchema } from "./analyze-schema.ts";
import { readImageUpload } from "./image-upload.ts";
import { bodyCap, BODY_LIMITS, imageBodyContent } from "../http/body.ts";
import { badOptions, newRouter } from "../http/router.ts";
import { chargeBodyBytes } from "../auth/middleware.ts";
import { json, protectedErrors, route } from "../http/openapi.ts";
import { callerId } from "../auth/ownership.ts";
import { envForCaller } from "../service/scoped-cache.ts";

// Plain OpenAPI schema (not zod): the body is read and checked by
// readImageUpload under the route's cap, not by the generic validator. Each
// optional field carries its default (or a working example) so that Swagger
// UI's "Try it out" pre-fills values the API accepts, never "string" or 0.
const multipart = {
  type: "object" as const,
  properties: {
    image: { type: "string" as const, format: "binary", description: `The photo (${IMAGE_MEDIA_TYPES.join(", ")}).` },
    tasks: { type: "string" as const, description: TASKS_DESCRIPTION, default: DEFAULT_TASKS.join(",") },
    maxFaces: { type: "integer" as const, minimum: 1, maximum: 100, default: DEFAULT_MAX_FACES },
    minFaceSize: { type: "number" as const, minimum: 0, maximum: 10000, default: DEFAULT_MIN_FACE_SIZE },
    emotionModel: { type: "string" as const, description: "Emotion model id from GET /v1/models (default: the manifest's).", example: "emotion" },
    ageTopL: { type: "integer" as const, minimum: 1, maximum: 100, description: "L of the paper's Eq. 1 (default: the manifest's).", example: 10 },
    features: { type: "string" as const, enum: ["base64", "array"], default: "base64" },
    ...Object.fromEntries(Object.entries(TASK_OPTIONS).map(([k, option]) => [k, { type: "string" as const, description: option.description, example: option.meta()?.example as string }])),
  },
  required: ["image"],
  additionalProperties: false,
};

const analyzeRoute = route("post", "/v1/analyze", "analyze", {
  operationId: "analyzeImage",
  summary: "Detect every face in a photo and estimate its expression, age, gender and ethnicity",
  description:
    `Send the image as the raw body (${IMAGE_MEDIA_TYPES.join(", ")}) or as multipart form data with a file field \`image\` (options may then also be form fields). Predictions describe how a face appears in this image; they are estimates, not facts about the person, and must not be used to make decisions about people.`,
  middleware: [bodyCap(BODY_LIMITS.image)],
  request: {
    query: AnalyzeQuerySchema,
    body: { required: true, content: { ...imageBodyContent(), "multipart/form-data": { schema: multipart } } },
  },
  responses: {
    200: {
      description: "Faces found (possibly none). Header `x-faceflare-cache: hit|miss|bypass` says whether it came from the cache (send `Cache-Control: no-cache` to recompute).",
      content: json(AnalyzeResponseSchema),
    },
    ...protectedErrors("bad_request", "bad_options", "unknown_model", "too_large", "too_many_pixels", "not_an_image", "unsupported_type", "corrupt_image", "unavailable"),
  },
});

export function analyzeRoutes() {
  return newRouter().openapi(
    analyzeRoute,
    async (c) => {
      const upload = await readImageUpload(c.req.raw);
      await chargeBodyBytes(c, upload.bytes.byteLength);
      const fromFields = AnalyzeQuerySchema.safeParse(upload.fields);
      if (!fromFields.success) throw badOptions(fromFields.error.issues);
      const options = { ...c.req.valid("query"), ...stripUndefined(fromFields.data) };
      const noCache = /no-cache|no-store/i.test(c.req.header("cache-control") ?? "");
      // Each key has its own cache entries: a hit never tells one caller what another sent.
      const { json, cache } = await analyzeCached(envForCaller(c.env, callerId(c)), upload.bytes, options, noCache);
      return c.json(json, 200, { "x-faceflare-cache": cache });
    },
  );
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
