/**
 * The image formats Faceflare accepts, declared once: the sniffer (sniff.ts)
 * holds their signatures; routes, upload slots, the OpenAPI document, the
 * CLI and the typed client take the list from here (or from the document).
 */
export const IMAGE_FORMATS = [
  { type: "jpeg", mediaType: "image/jpeg", extensions: [".jpg", ".jpeg"] },
  { type: "png", mediaType: "image/png", extensions: [".png"] },
  { type: "webp", mediaType: "image/webp", extensions: [".webp"] },
] as const;

export type ImageType = (typeof IMAGE_FORMATS)[number]["type"];
export type ImageMediaType = (typeof IMAGE_FORMATS)[number]["mediaType"];

export const IMAGE_MEDIA_TYPES = IMAGE_FORMATS.map((f) => f.mediaType) as [ImageMediaType, ...ImageMediaType[]];

/** "JPEG, PNG or WebP", for messages. */
export const IMAGE_FORMAT_NAMES = "JPEG, PNG or WebP";

export const mediaTypeOf = (type: ImageType): ImageMediaType => IMAGE_FORMATS.find((f) => f.type === type)!.mediaType;

export const isImageMediaType = (s: string): s is ImageMediaType => (IMAGE_MEDIA_TYPES as readonly string[]).includes(s);

/** The media type of a file name by its extension (case-insensitive), or undefined. */
export function mediaTypeOfFile(name: string): ImageMediaType | undefined {
  const lower = name.toLowerCase();
  return IMAGE_FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e)))?.mediaType;
}
