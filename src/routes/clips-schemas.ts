import { z } from "@hono/zod-openapi";
import { CLIP_MODES } from "../clips/frame-descriptor.ts";
import { CLIP_ID } from "../clips/clip-id.ts";
import { NO_FACE_LABELS } from "../clips/clip-store.ts";
import { IMAGE_FORMAT_NAMES } from "../image/formats.ts";
import { BoxJsonSchema, EmotionJsonSchema } from "../tasks/answer.ts";

export const MAX_FRAMES_PER_REQUEST = 16;

/** A frame index: a non-negative integer (or a timestamp in integer milliseconds). */
export const FRAME_INDEX = /^\d{1,15}$/;

const IndexString = z
  .string()
  .regex(FRAME_INDEX, "frame index must be a non-negative integer")
  .openapi({ type: "integer", minimum: 0, description: "Frame index (or timestamp in integer milliseconds); a retried index is counted once." });

export const ClipIdParams = z.object({
  id: z.string().regex(CLIP_ID, "not a clip id").openapi({ param: { name: "id", in: "path" }, example: "Qm9uam91ci1jZWNpLWVzdC11bi1pZC1f" }),
});

export const CreateClipSchema = z
  .object({
    mode: z.enum(CLIP_MODES).default("single").openapi({ description: "`single`: the largest face per frame (AFEW); `group`: all faces (VGAF)." }),
    emotionModel: z.string().max(100).optional().openapi({ description: "Emotion model id (default: the classifier's, else the manifest's)." }),
    classifier: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional().openapi({ description: "Clip classifier id, as GET /v1/models lists them under `classifiers` (MODELS bucket key classifiers/<id>.json)." }),
    noFaceLabel: z.enum(NO_FACE_LABELS).default("zero-descriptor").openapi({
      description:
        "What the classifier answers while no frame of the clip had a face. `zero-descriptor` (the paper's protocol, so every clip gets an answer): " +
        "the classifier's prediction for the zero descriptor, marked `basis: \"no-face\"` (a property of the classifier, not of the clip). `none`: `label` and `scores` are null.",
    }),
  })
  .strict()
  .openapi("CreateClip", { example: { mode: "single" } });

export type CreateClip = z.infer<typeof CreateClipSchema>;

/** What every answer about a clip starts with: the options it was created with, defaults filled in. */
const clipIdentity = {
  id: z.string(),
  mode: z.enum(CLIP_MODES),
  emotionModel: z.string().openapi({ description: "The emotion model the frames are analysed with (the classifier's, else the one asked for, else the manifest's default)." }),
  noFaceLabel: z.enum(NO_FACE_LABELS),
};

export const ClipCreatedSchema = z
  .object({
    ...clipIdentity,
    classifier: z.string().nullable().openapi({ description: "The clip classifier's id (its result is in GET /v1/clips/{id})." }),
    url: z.string(),
    framesUrl: z.string().openapi({ description: "POST frames here." }),
    expiresAt: z.string().openapi({ description: "ISO time the clip expires if no frame arrives before." }),
  })
  .openapi("ClipCreated");

export const FramesQuerySchema = z
  .object({
    index: IndexString.optional().openapi({ param: { name: "index", in: "query" }, description: "Index of a raw-body frame (required then).", example: 0 }),
  })
  .strict();

export const BINARY_OPENAPI = { type: "string" as const, format: "binary" };

export const FRAMES_FORM_OPENAPI = {
  type: "object" as const,
  required: ["image", "index"],
  additionalProperties: false,
  properties: {
    image: { type: "array" as const, items: BINARY_OPENAPI, minItems: 1, maxItems: MAX_FRAMES_PER_REQUEST, description: `Frame images (${IMAGE_FORMAT_NAMES}), at most ${MAX_FRAMES_PER_REQUEST}.` },
    index: { type: "array" as const, items: { type: "integer" as const, minimum: 0 }, description: "One index per `image`, in the same order." },
    frame: {
      type: "array" as const,
      items: BINARY_OPENAPI,
      maxItems: MAX_FRAMES_PER_REQUEST,
      deprecated: true,
      description: "Deprecated name of `image` (still accepted; not both in one request).",
    },
  },
};

export const FrameResultSchema = z.object({
  index: z.number().int(),
  duplicate: z.boolean().openapi({ description: "The index was seen before: the frame was not analysed, charged or added, and the fields below are absent." }),
  faces: z.number().int().optional(),
  boxes: z.array(BoxJsonSchema).optional().openapi({ description: "The face used (single) or all faces (group), as /v1/analyze gives boxes." }),
  emotion: EmotionJsonSchema.nullable()
    .optional()
    .openapi({ description: "Frame emotion, shaped and rounded as a face's in /v1/analyze: the largest face's (single) or the mean over faces (group); null without a face." }),
});

export const FramesResponseSchema = z
  .object({
    id: z.string(),
    framesReceived: z.number().int(),
    framesWithFaces: z.number().int(),
    frames: z.array(FrameResultSchema),
  })
  .openapi("ClipFramesResult");

export const ClipQuerySchema = z
  .object({
    descriptor: z.enum(["0", "1", "true", "false"]).optional().openapi({ param: { name: "descriptor", in: "query" }, description: "1: include the clip descriptor.", example: "1" }),
  })
  .strict();

export const ClipSchema = z
  .object({
    ...clipIdentity,
    framesReceived: z.number().int(),
    framesWithFaces: z.number().int(),
    framesWithoutFaces: z.number().int(),
    emotion: EmotionJsonSchema.nullable().openapi({ description: "Average of the frames' class probabilities; null before any face." }),
    classifier: z
      .object({
        id: z.string(),
        basis: z.enum(["faces", "no-face"]).openapi({ description: "`faces`: from the frames with a face; `no-face`: no frame had a face (see the clip's noFaceLabel)." }),
        label: z.string().nullable(),
        scores: z.record(z.string(), z.number()).nullable().openapi({ description: "Softmax probabilities (logistic) or decision values (svm), per label." }),
      })
      .nullable(),
    descriptorDim: z.number().int(),
    descriptor: z.array(z.number()).optional().openapi({ description: "Clip descriptor (not normalised): single [mean,max,min,std], group [mean,std] of frame descriptors; zeros if no face." }),
    createdAt: z.string(),
    expiresAt: z.string(),
    warnings: z.array(z.string()).optional(),
  })
  .openapi("Clip");
