import { UPLOAD_PREFIX } from "./upload-keys.ts";

/**
 * Who asked for an upload group: a tiny marker object beside the images,
 * `uploads/<group>/owner` (not an upload key, so batches never pick it up).
 * R2 is strongly consistent, so a batch started right after the uploads
 * sees it. It records how many slots were issued and until when they can
 * be used, so a batch can cover only what was issued, and the marker is
 * kept while any image of the group or any usable slot remains.
 */
export const ownerMarkerKey = (group: string) => `${UPLOAD_PREFIX}${group}/owner`;

export interface UploadOwner {
  owner: string;
  /** The owner's daily byte limit when the slots were made. */
  bytesPerDay: number;
  /** Slots issued (items 0000 .. slots-1); absent on markers written before it was recorded. */
  slots?: number;
  /** Unix seconds after which no slot of the group can be used; absent on older markers. */
  expires?: number;
  /**
   * Which key asked (auth/authenticate.ts keyRefOf): every upload checks that
   * key's current state, so the URLs die with it. Absent on markers written
   * before grants were bound to keys: those URLs are refused.
   */
  keyRef?: string;
}

export async function writeUploadOwner(bucket: R2Bucket, group: string, o: UploadOwner): Promise<void> {
  const extra = {
    ...(o.slots !== undefined ? { slots: String(o.slots) } : {}),
    ...(o.expires !== undefined ? { expires: String(o.expires) } : {}),
    ...(o.keyRef ? { keyRef: o.keyRef } : {}),
  };
  await bucket.put(ownerMarkerKey(group), o.owner, { customMetadata: { owner: o.owner, bytesPerDay: String(o.bytesPerDay), ...extra } });
}

/** The marker's fields from its custom metadata; null if it is not a marker. */
export function parseUploadOwner(meta: Record<string, string> | undefined): UploadOwner | null {
  if (!meta?.owner) return null;
  const count = (v: string | undefined) => (v !== undefined && /^[0-9]{1,12}$/.test(v) ? Number(v) : undefined);
  const slots = count(meta.slots);
  const expires = count(meta.expires);
  return {
    owner: meta.owner,
    bytesPerDay: Number(meta.bytesPerDay) || 0,
    ...(slots !== undefined ? { slots } : {}),
    ...(expires !== undefined ? { expires } : {}),
    ...(meta.keyRef ? { keyRef: meta.keyRef } : {}),
  };
}

export async function uploadOwner(bucket: R2Bucket, group: string): Promise<UploadOwner | null> {
  return parseUploadOwner((await bucket.head(ownerMarkerKey(group)))?.customMetadata);
}
