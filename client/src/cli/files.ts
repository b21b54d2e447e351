import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { IMAGE_FORMATS } from "../image-formats.ts";

/** The media type of an image file by its extension (the API's accepted types), or undefined. */
export function contentTypeOf(name: string): string | undefined {
  const lower = name.toLowerCase();
  return IMAGE_FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e)))?.mediaType;
}

/** "jpg, jpeg, png, webp": the extensions listImages picks up. */
export const IMAGE_EXTENSIONS = IMAGE_FORMATS.flatMap((f) => f.extensions.map((e) => e.slice(1))).join(", ");

/** Image files under `dir`, as sorted paths relative to it (with "/"), hidden entries skipped. */
export async function listImages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith(".") && contentTypeOf(e.name))
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join("/"))
    .filter((p) => !p.split("/").some((part) => part.startsWith(".")))
    .sort();
}
