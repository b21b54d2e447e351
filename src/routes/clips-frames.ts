import { FaceflareError } from "../core/errors.ts";
import { MAX_BYTES } from "../image/limits.ts";
import { BODY_LIMITS, mediaTypeOfHeader, readBytes, readMultipart } from "../http/body.ts";
import { unknownFields } from "../http/router.ts";
import { FRAME_INDEX, MAX_FRAMES_PER_REQUEST } from "./clips-schemas.ts";

export interface FrameInput {
  index: number;
  bytes: Uint8Array;
}

/** The multipart file field of a frame, and its deprecated former name (still accepted). */
export const FRAME_FIELD = "image";
export const DEPRECATED_FRAME_FIELD = "frame";

const badIndex = (i: string) => new FaceflareError("bad_options", `index: frame index must be a non-negative integer, not ${JSON.stringify(i.slice(0, 20))}`);

const tooManyFrames = () =>
  new FaceflareError("bad_options", `At most ${MAX_FRAMES_PER_REQUEST} frames per request (one \`${FRAME_FIELD}\` file and one \`index\` field each); send the rest in another request.`, {
    maxFrames: MAX_FRAMES_PER_REQUEST,
  });

export const isMultipart = (req: Request) => mediaTypeOfHeader(req.headers.get("content-type")) === "multipart/form-data";

/** The index of a raw-body frame (`?index=N`, already validated by the route's schema), known before the body is read. */
export function rawFrameIndex(queryIndex: string | undefined): number {
  if (queryIndex === undefined) throw new FaceflareError("bad_options", `A raw image body needs ?index=N (or send multipart with \`${FRAME_FIELD}\` and \`index\` fields).`);
  return Number(queryIndex);
}

/**
 * The frames of a POST /v1/clips/{id}/frames request: multipart `image` files
 * (or the deprecated `frame`, not both) paired in order with `index` fields,
 * or one raw image body with `?index=N`. The route caps the whole body
 * (bodyCap); each frame is capped at the image limit and the parts are
 * counted while they stream: a request with too many frames gets the
 * frames-per-request problem whether the part count or the file count trips.
 */
export async function readFrames(req: Request, queryIndex: string | undefined): Promise<FrameInput[]> {
  if (isMultipart(req)) {
    // Room for one frame too many, so its files are counted; beyond that the part count trips.
    const form = await readMultipart(req, {
      maxParts: 2 * (MAX_FRAMES_PER_REQUEST + 1),
      maxFileBytes: MAX_BYTES,
      maxTotalBytes: BODY_LIMITS.image,
      tooManyParts: tooManyFrames,
    });
    const current = form.files.get(FRAME_FIELD) ?? [];
    const deprecated = form.files.get(DEPRECATED_FRAME_FIELD) ?? [];
    if (current.length && deprecated.length) {
      throw new FaceflareError("bad_options", `Send frames as \`${FRAME_FIELD}\` files (\`${DEPRECATED_FRAME_FIELD}\` is its deprecated alias), not both in one request.`);
    }
    const files = current.length ? current : deprecated;
    const unknown = [...form.files.keys(), ...form.fields.keys()].filter((name) => name !== FRAME_FIELD && name !== DEPRECATED_FRAME_FIELD && name !== "index");
    if (unknown.length) throw unknownFields(unknown, `send \`${FRAME_FIELD}\` files and \`index\` fields`);
    const indices = form.fields.get("index") ?? [];
    if (files.length === 0) throw new FaceflareError("bad_options", `${FRAME_FIELD}: send at least one \`${FRAME_FIELD}\` file.`);
    if (files.length > MAX_FRAMES_PER_REQUEST) throw tooManyFrames();
    if (files.length !== indices.length) throw new FaceflareError("bad_options", `${files.length} frame files but ${indices.length} index values; send one index per frame.`);
    const bad = indices.find((i) => !FRAME_INDEX.test(i));
    if (bad !== undefined) throw badIndex(bad);
    return files.map((bytes, i) => ({ index: Number(indices[i]), bytes }));
  }
  const index = rawFrameIndex(queryIndex);
  return [{ index, bytes: await readBytes(req, MAX_BYTES) }];
}
