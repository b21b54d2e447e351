import { fromBase64Url, toBase64Url } from "../core/bytes.ts";
import { FaceflareError } from "../core/errors.ts";

/**
 * The list routes' cursor: base64url of `<kind>:<position>` (b: batches,
 * c: clips), the position being the last index entry a page read. Opaque to
 * clients and owner-scoped by construction (it is only looked up in the
 * caller's own index), and checked strictly since it is client input.
 */
export type CursorKind = "batch" | "clip";

const TAG: Record<CursorKind, string> = { batch: "b", clip: "c" };

export const encodeCursor = (kind: CursorKind, seq: number) => toBase64Url(new TextEncoder().encode(`${TAG[kind]}:${seq}`));

export function decodeCursor(kind: CursorKind, cursor: string): number {
  const bytes = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? fromBase64Url(cursor) : null;
  const m = bytes && /^([bc]):([1-9][0-9]{0,14})$/.exec(new TextDecoder().decode(bytes));
  if (!m || m[1] !== TAG[kind]) throw new FaceflareError("bad_options", "cursor: not a cursor of this list (pass `nextCursor` as it was given).");
  return Number(m[2]);
}

