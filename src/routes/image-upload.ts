import { FaceflareError } from "../core/errors.ts";
import { IMAGE_MEDIA_TYPES, isImageMediaType } from "../image/formats.ts";
import { MAX_BYTES } from "../image/limits.ts";
import { BODY_LIMITS, mediaTypeOfHeader, readBytes, readMultipart } from "../http/body.ts";
import { unknownFields } from "../http/router.ts";

export interface UploadedImage {
  bytes: Uint8Array;
  /** Multipart text fields sent next to the image (options; a repeated field as a list). */
  fields: Record<string, string | string[]>;
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
    const others = [...form.files.keys()].filter((name) => name !== "image");
    if (others.length) throw unknownFields(others, "send the photo as `image`");
    const images = form.files.get("image") ?? [];
    if (images.length > 1) throw new FaceflareError("bad_options", "image: send one `image` file per request.", { errors: [{ path: "image", message: "more than one file" }] });
    if (!images.length) throw new FaceflareError("bad_request", "Multipart body needs a file field named `image`.");
    const fields = Object.fromEntries([...form.fields].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
    return { bytes: images[0], fields };
  }
  if (type && !isImageMediaType(type) && type !== "application/octet-stream") {
    throw new FaceflareError("unsupported_type", `Content-Type ${type} is not accepted; send ${IMAGE_MEDIA_TYPES.join(", ")} or multipart/form-data with an \`image\` field.`);
  }
  const bytes = await readBytes(req, MAX_BYTES);
  if (bytes.byteLength === 0) throw new FaceflareError("not_an_image", "The request body is empty.");
  return { bytes, fields: {} };
}
