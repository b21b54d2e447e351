import { FaceflareError } from "../core/errors.ts";
import { MAX_BYTES } from "../image/limits.ts";
import { BODY_LIMITS, mediaTypeOfHeader, readBytes, readMultipart } from "../http/body.ts";
import { unknownFields } from "../http/router.ts";
import { FRAME_INDEX, MAX_FRAMES_PER_REQUEST } from "./clips-schemas.ts";

export interface FrameInput {
  index: number;
  bytes: Uint8Array;
}

const badIndex = (i: string) => new FaceflareError("bad_options", `index: frame index must be a non-negative integer, not ${JSON.stringify(i.slice(0, 20))}`);

/**
 * The frames of a POST /v1/clips/{id}/frames request: multipart `frame` files
 * paired in order with `index` fields, or one raw image body with `?index=N`
 * (already validated by the route's schema). The route caps the whole body
 * (bodyCap); each frame is capped at the image limit and the parts are counted
 * while they stream.
 */
export async function readFrames(req: Request, queryIndex: string | undefined): Promise<FrameInput[]> {
  if (mediaTypeOfHeader(req.headers.get("content-type")) === "multipart/form-data") {
    const form = await readMultipart(req, { maxParts: 2 * MAX_FRAMES_PER_REQUEST, maxFileBytes: MAX_BYTES, maxTotalBytes: BODY_LIMITS.image });
    const unknown = [...form.files.keys(), ...form.fields.keys()].filter((name) => name !== "frame" && name !== "index");
    if (unknown.length) throw unknownFields(unknown, "send `frame` files and `index` fields");
    const files = form.files.get("frame") ?? [];
    const indices = form.fields.get("index") ?? [];
    if (files.length === 0) throw new FaceflareError("bad_options", "frame: send at least one `frame` file.");
    if (files.length > MAX_FRAMES_PER_REQUEST) throw new FaceflareError("bad_options", `At most ${MAX_FRAMES_PER_REQUEST} frames per request.`);
    if (files.length !== indices.length) throw new FaceflareError("bad_options", `${files.length} frame files but ${indices.length} index values; send one index per frame.`);
    const bad = indices.find((i) => !FRAME_INDEX.test(i));
    if (bad !== undefined) throw badIndex(bad);
    return files.map((bytes, i) => ({ index: Number(indices[i]), bytes }));
  }
  if (queryIndex === undefined) throw new FaceflareError("bad_options", "A raw image body needs ?index=N (or send multipart with `frame` and `index` fields).");
  return [{ index: Number(queryIndex), bytes: await readBytes(req, MAX_BYTES) }];
}
