import { describe, expect, it } from "vitest";
import { verifiedUploadKeys } from "../../src/batches/batch-uploads.ts";
import { ownerMarkerKey } from "../../src/uploads/owner.ts";
import { uploadKey } from "../../src/uploads/upload-keys.ts";

// The creation check of a batch reads a whole upload group, however R2
// pages its listing: R2 may answer fewer objects than asked for (it does
// under `wrangler dev`), so a full group of 1000 uploads can take many pages.
const GROUP = "0123456789abcdef0123456789abcdef";

/** An R2Bucket stand-in holding `keys` (and the group's marker), listing `pageSize` objects a page. */
function fakeBucket(keys: string[], owner: string, slots: number, pageSize: number) {
  const all = [...keys, ownerMarkerKey(GROUP)].sort();
  const meta = { owner, bytesPerDay: "1", slots: String(slots), expires: String(Math.floor(Date.now() / 1000) + 3600) };
  return {
    head: async (key: string) => (key === ownerMarkerKey(GROUP) ? { key, customMetadata: meta } : all.includes(key) ? { key, customMetadata: {} } : null),
    list: async (o: { prefix: string; cursor?: string }) => {
      const from = Number(o.cursor ?? 0);
      const objects = all.filter((k) => k.startsWith(o.prefix)).slice(from, from + pageSize).map((key) => ({ key, customMetadata: key.endsWith("/owner") ? meta : {} }));
      const truncated = from + pageSize < all.length;
      return { objects, truncated, ...(truncated ? { cursor: String(from + pageSize) } : {}) };
    },
  } as unknown as R2Bucket;
}

describe("a batch's creation check over a large upload group", () => {
  const keys = Array.from({ length: 1000 }, (_, i) => uploadKey(GROUP, i));

  it("finds every upload of a full group listed a few objects a page", async () => {
    const bucket = fakeBucket(keys, "me", 1000, 7);
    expect(await verifiedUploadKeys(bucket, "me", { keys: [...keys].reverse() })).toHaveLength(1000);
    expect(await verifiedUploadKeys(bucket, "me", { prefix: `uploads/${GROUP}/` })).toEqual(keys);
  });

  it("still refuses what was not issued or not uploaded, and another owner's group", async () => {
    const bucket = fakeBucket(keys.slice(0, 10), "me", 10, 3);
    await expect(verifiedUploadKeys(bucket, "me", { keys: [uploadKey(GROUP, 10)] })).rejects.toMatchObject({ code: "not_found" });
    await expect(verifiedUploadKeys(bucket, "someone-else", { keys: keys.slice(0, 1) })).rejects.toMatchObject({ code: "not_found" });
    expect(await verifiedUploadKeys(bucket, "me", { prefix: `uploads/${GROUP}/` })).toHaveLength(10);
  });
});
