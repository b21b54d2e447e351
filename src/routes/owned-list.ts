import { z } from "@hono/zod-openapi";
import type { Env } from "../env.ts";
import { ownerObject, type IndexedResource, type ResourceKind } from "../owner/owner-object.ts";
import { decodeCursor, encodeCursor } from "./list-cursor.ts";

/**
 * Listing what the caller owns, newest first, a page at a time. The index
 * is the key's OwnerObject; each listed id is read from its own object
 * (the truth: a batch's progress, a clip's counters), and one that no
 * longer exists (deleted, expired) is dropped from the index on the way.
 *
 * The cursor is opaque (base64url of the kind and the last position seen)
 * and owner-scoped by construction: it is only ever looked up in the
 * caller's own index, so a forged one can only page through the caller's
 * own resources. It is checked strictly all the same.
 */
export const LIST_DEFAULT = 20;
export const LIST_MAX = 100;

export const ListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(LIST_MAX).default(LIST_DEFAULT).openapi({ description: `Items per page (1-${LIST_MAX}, default ${LIST_DEFAULT}).`, example: 20 }),
    cursor: z.string().max(64).optional().openapi({ description: "`nextCursor` of the previous page." }),
  })
  .strict();

export const pageSchema = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next (older) page; null on the last page." }),
      links: z.object({ next: z.string().nullable() }),
    })
    .openapi(name);

/**
 * One page of the owner's `kind`, newest first: `read` turns an indexed id
 * into its list item, or null if the resource is gone (then it is removed
 * from the index and the page fills from older entries, within a bound).
 * The next page's link is the request's own URL with the page's `limit` and
 * the next `cursor`.
 */
export async function listOwned<T>(
  env: Env,
  owner: string,
  kind: ResourceKind,
  query: { limit: number; cursor?: string },
  read: (r: IndexedResource) => Promise<T | null>,
  requestUrl: string,
) {
  const index = ownerObject(env, owner);
  let before = query.cursor ? decodeCursor(kind, query.cursor) : undefined;
  const items: T[] = [];
  // Reads at most 2 × limit entries per request, however many were deleted.
  let budget = 2 * query.limit;
  let exhausted = false;
  while (items.length < query.limit && budget > 0) {
    const want = Math.min(query.limit - items.length, budget);
    const rows = await index.listResources(kind, want, before);
    const found = await Promise.all(rows.map(read));
    for (const [i, r] of rows.entries()) {
      budget--;
      before = r.seq;
      if (found[i] === null) await index.removeResource(kind, r.id);
      else items.push(found[i]);
    }
    if (rows.length < want) {
      exhausted = true;
      break;
    }
  }
  const more = !exhausted && before !== undefined && (await index.listResources(kind, 1, before)).length > 0;
  const nextCursor = more ? encodeCursor(kind, before!) : null;
  return { items, nextCursor, links: { next: nextCursor ? pageUrl(requestUrl, query.limit, nextCursor) : null } };
}

function pageUrl(requestUrl: string, limit: number, cursor: string): string {
  const url = new URL(requestUrl);
  url.search = "";
  url.searchParams.set("limit", String(limit));
  url.searchParams.set("cursor", cursor);
  return url.href;
}
