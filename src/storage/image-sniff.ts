/** Image types an upload slot may allow, with the magic bytes that prove them. */
export const UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

const ASCII = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Bytes needed to decide the type. */
export const SNIFF_BYTES = 12;

/** True when the first bytes are those of `type`. */
export function matchesMagic(type: UploadContentType, head: Uint8Array): boolean {
  const at = (off: number, bytes: number[]) => bytes.every((b, i) => head[off + i] === b);
  switch (type) {
    case "image/jpeg":
      return at(0, [0xff, 0xd8, 0xff]);
    case "image/png":
      return at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case "image/webp":
      return at(0, ASCII("RIFF")) && at(8, ASCII("WEBP"));
  }
}

/** "image/JPEG; charset=x" -> "image/jpeg". */
export function baseContentType(header: string | null | undefined): string {
  return (header ?? "").split(";")[0].trim().toLowerCase();
}
