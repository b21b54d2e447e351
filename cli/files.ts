import { readdir } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";

const TYPES: Record<string, string> = { ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp" };

export function contentTypeOf(path: string): string | undefined {
  return TYPES[extname(path).toLowerCase()];
}

/** Image files under `dir`, as sorted paths relative to it (with "/"), hidden entries skipped. */
export async function listImages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith(".") && contentTypeOf(e.name))
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join("/"))
    .filter((p) => !p.split("/").some((part) => part.startsWith(".")))
    .sort();
}
