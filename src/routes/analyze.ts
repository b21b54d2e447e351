import { analyzeCached } from "../service/analyze.ts";
import { IMAGE_MEDIA_TYPES } from "../image/formats.ts";
import { AnalyzeQuerySchema, AnalyzeResponseSchema } from "./analyze-schema.ts";
import { TASK_OPTIONS } from "../tasks/registry.ts";
import { readImageUpload } from "./image-upload.ts";
import { bodyCap, BODY_LIMITS, imageBodyContent } from "../http/body.ts";
import { FaceflareError } from "../core/errors.ts";
import { newRouter } from "../http/router.ts";
import { chargeUndeclaredBytes } from "../auth/middleware.ts";
import { json, protectedErrors, route } from "../http/openapi.ts";
import { callerId } from "../auth/ownership.ts";
import { envForCaller } from "../service/scoped-cache.ts";

// Plain OpenAPI schema (not zod): the body is read and checked by
// readImageUpload under the route's cap, not by the generic validator.
const multipart = {
  type: "object" as const,
  properties: { image: { type: "string" as const, format: "binary" }, tasks: { type: "string" as const }, maxFaces: { type: "integer" as const }, minFaceSize: { type: "number" as const }, emotionModel: { type: "string" as const }, ageTopL: { type: "integer" as const }, features: { type: "string" as const }, ...Object.fromEntries(Object.keys(TASK_OPTIONS).map((k) => [k, { type: "string" as const }])) },
  required: ["image"],
};

const analyzeRoute = route("post", "/v1/analyze", "analyze", {
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
    ...protectedErrors("bad_request", "bad_options", "unknown_model", "too_large", "not_an_image", "corrupt_image"),
  },
});

export function analyzeRoutes() {
  return newRouter().openapi(
    analyzeRoute,
    async (c) => {
      const upload = await readImageUpload(c.req.raw);
      await chargeUndeclaredBytes(c, upload.bytes.byteLength);
      const fromFields = AnalyzeQuerySchema.safeParse(upload.fields);
      if (!fromFields.success) {
        throw new FaceflareError("bad_options", fromFields.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      }
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
