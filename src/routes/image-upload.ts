import { FaceflareError } from "../core/errors.ts";
import { IMAGE_MEDIA_TYPES, isImageMediaType } from "../image/formats.ts";
import { MAX_BYTES } from "../image/limits.ts";
import { BODY_LIMITS, mediaTypeOfHeader, readBytes, readMultipart } from "../http/body.ts";

export interface UploadedImage {
  bytes: Uint8Array;
  /** Multipart text fields sent next to the image (options; the last of a repeated one). */
  fields: Record<string, string>;
}

/** An image and its option fields: a handful of parts. */
const MAX_PARTS = 16;

/**
 * The image of a request: the raw body (an image type or
 * application/octet-stream; the bytes are sniffed anyway) or the `image`
 * field of multipart form data. The route caps the body (bodyCap).
 */
export async function readImageUpload(req: Request): Promise<UploadedImage> {
  const type = mediaTypeOfHeader(req.headers.get("content-type"));
  if (type === "multipart/form-data") {
    const form = await readMultipart(req, { maxParts: MAX_PARTS, maxFileBytes: MAX_BYTES, maxTotalBytes: BODY_LIMITS.image });
    const bytes = form.files.get("image")?.[0];
    if (!bytes) throw new FaceflareError("bad_request", "Multipart body needs a file field named `image`.");
    const fields = Object.fromEntries([...form.fields].map(([k, v]) => [k, v[v.length - 1]]));
    return { bytes, fields };
  }
  if (type && !isImageMediaType(type) && type !== "application/octet-stream") {
    throw new FaceflareError("unsupported_type", `Content-Type ${type} is not accepted; send ${IMAGE_MEDIA_TYPES.join(", ")} or multipart/form-data with an \`image\` field.`);
  }
  const bytes = await readBytes(req, MAX_BYTES);
  if (bytes.byteLength === 0) throw new FaceflareError("not_an_image", "The request body is empty.");
  return { bytes, fields: {} };
}
