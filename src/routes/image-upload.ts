import { FaceflareError } from "../core/errors.ts";
import { readBodyCapped } from "./read-body.ts";

const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"];
// Multipart framing around the image is small; allow a little on top.
const MULTIPART_OVERHEAD = 64 * 1024;

export interface UploadedImage {
  bytes: Uint8Array;
  /** Multipart text fields sent next to the image (options). */
  fields: Record<string, string>;
}

/**
 * The image of a request: the raw body (image/jpeg, image/png, image/webp,
 * or application/octet-stream; the bytes are sniffed anyway) or the `image`
 * field of multipart form data.
 */
export async function readImageUpload(req: Request, maxBytes: number): Promise<UploadedImage> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "multipart/form-data") {
    const raw = await readBodyCapped(req, maxBytes + MULTIPART_OVERHEAD);
    let form: FormData;
    try {
      form = await new Response(raw as Uint8Array<ArrayBuffer>, { headers: { "content-type": req.headers.get("content-type")! } }).formData();
    } catch {
      throw new FaceflareError("bad_request", "The multipart body could not be parsed.");
    }
    const file = form.get("image");
    if (!file || typeof file === "string") throw new FaceflareError("bad_request", "Multipart body needs a file field named `image`.");
    const bytes = new Uint8Array(await (file as Blob).arrayBuffer());
    if (bytes.byteLength > maxBytes) throw new FaceflareError("too_large", `The image is larger than the ${maxBytes} bytes allowed.`, { maxBytes });
    const fields: Record<string, string> = {};
    form.forEach((v, k) => {
      if (typeof v === "string") fields[k] = v;
    });
    return { bytes, fields };
  }
  if (type && !IMAGE_TYPES.includes(type) && type !== "application/octet-stream") {
    throw new FaceflareError("unsupported_type", `Content-Type ${type} is not accepted; send ${IMAGE_TYPES.join(", ")} or multipart/form-data with an \`image\` field.`);
  }
  const bytes = await readBodyCapped(req, maxBytes);
  if (bytes.byteLength === 0) throw new FaceflareError("not_an_image", "The request body is empty.");
  return { bytes, fields: {} };
}
