import { FaceflareError } from "../core/errors.ts";
import { uploadOwner } from "../uploads/owner.ts";
import { groupOf, isUploadKey, itemOf, UPLOAD_GROUP_RE, UPLOAD_PREFIX } from "../uploads/upload-keys.ts";

/** Images one batch may cover. */
export const MAX_BATCH_IMAGES = 10_000;
/** Upload groups one batch may draw from (each costs a listing at creation). */
export const MAX_BATCH_GROUPS = 100;
/** A marker written before slot counts were recorded: the most one POST /v1/uploads can issue. */
const LEGACY_SLOTS = 1000;

/** What a batch asks to cover: upload keys, or one group's prefix. */
export type BatchSource = { keys: string[]; prefix?: undefined } | { prefix: string; keys?: undefined };


/** A group holds its marker and at most 1000 uploads; a listing that runs past this is cut short. */
const MAX_GROUP_OBJECTS = 1001;

/**
 * A group's owner marker and the upload keys that exist. R2 may answer a
 * listing in short pages (it does under `wrangler dev`), so pages are
 * followed to the end, within MAX_GROUP_OBJECTS objects and as many pages.
 */
async function listGroup(bucket: R2Bucket, group: string) {
  const prefix = `${UPLOAD_PREFIX}${group}/`;
  const owner = await uploadOwner(bucket, group);
  const uploaded = new Set<string>();
  if (!owner) return { owner, uploaded };
  let seen = 0;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_GROUP_OBJECTS && seen < MAX_GROUP_OBJECTS; page++) {
    const listed = await bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    seen += listed.objects.length;
    for (const o of listed.objects) if (isUploadKey(o.key)) uploaded.add(o.key);
    cursor = listed.truncated ? listed.cursor : undefined;
    if (!cursor) break;
  }
  return { owner, uploaded };
}

const missing = (what: string) => new FaceflareError("not_found", `No uploaded object at ${what}.`);

/**
 * The upload keys a batch of `owner`'s may cover, checked at creation: each
 * group's marker names the owner, each item was issued (its index is below
 * the group's slot count) and its object exists. So a batch holds at most
 * the slots its owner was issued and has filled, whatever keys a request
 * names. Anything else reads as missing (404), as another key's uploads do.
 * `keys` keep the request's order (without repeats); a prefix gives its
 * group's uploads in slot order.
 */
export async function verifiedUploadKeys(bucket: R2Bucket, owner: string, source: BatchSource): Promise<string[]> {
  let keys: string[];
  if (source.prefix !== undefined) {
    const group = /^uploads\/([0-9a-f]{32})\/$/.exec(source.prefix)?.[1];
    if (!group) throw new FaceflareError("bad_request", "`prefix` must be the `prefix` of one POST /v1/uploads answer.");
    keys = [];
    const found = await listGroup(bucket, group);
    if (found.owner?.owner === owner) keys = [...found.uploaded].filter((k) => itemOf(k) < (found.owner!.slots ?? LEGACY_SLOTS)).sort();
    if (keys.length === 0) throw new FaceflareError("not_found", `No uploaded objects under ${source.prefix}.`);
    return keys;
  }
  keys = [...new Set(source.keys)];
  const bad = keys.find((k) => !isUploadKey(k));
  if (bad !== undefined) throw new FaceflareError("bad_request", `Not an upload key: ${bad.slice(0, 100)}`);
  const groups = [...new Set(keys.map(groupOf))];
  if (groups.length > MAX_BATCH_GROUPS) {
    throw new FaceflareError("bad_request", `A batch may draw on at most ${MAX_BATCH_GROUPS} upload groups; these keys come from ${groups.length}.`);
  }
  for (const group of groups) {
    if (!UPLOAD_GROUP_RE.test(group)) throw new FaceflareError("bad_request", `Not an upload group: ${group}`);
    const found = await listGroup(bucket, group);
    const slots = found.owner?.owner === owner ? (found.owner.slots ?? LEGACY_SLOTS) : 0;
    const absent = keys.find((k) => groupOf(k) === group && (itemOf(k) >= slots || !found.uploaded.has(k)));
    if (absent !== undefined) throw missing(absent);
  }
  return keys;
}
