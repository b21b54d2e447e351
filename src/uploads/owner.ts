import { UPLOAD_PREFIX } from "./upload-keys.ts";

/**
 * Who asked for an upload group: a tiny marker object beside the images,
 * `uploads/<group>/owner` (not an upload key, so batches never pick it up).
 * R2 is strongly consistent, so a batch started right after the uploads
 * sees it; it goes when the group's images go.
 */
export const ownerMarkerKey = (group: string) => `${UPLOAD_PREFIX}${group}/owner`;

export interface UploadOwner {
  owner: string;
  /** The owner's daily byte limit when the slots were made. */
  bytesPerDay: number;
  /**
   * Which key asked (auth/authenticate.ts keyRefOf): every upload checks that
   * key's current state, so the URLs die with it. Absent on markers written
   * before grants were bound to keys: those URLs are refused.
   */
  keyRef?: string;
}

export async function writeUploadOwner(bucket: R2Bucket, group: string, o: UploadOwner): Promise<void> {
  const customMetadata = { owner: o.owner, bytesPerDay: String(o.bytesPerDay), ...(o.keyRef ? { keyRef: o.keyRef } : {}) };
  await bucket.put(ownerMarkerKey(group), o.owner, { customMetadata });
}

export async function uploadOwner(bucket: R2Bucket, group: string): Promise<UploadOwner | null> {
  const meta = (await bucket.head(ownerMarkerKey(group)))?.customMetadata;
  return meta?.owner ? { owner: meta.owner, bytesPerDay: Number(meta.bytesPerDay) || 0, ...(meta.keyRef ? { keyRef: meta.keyRef } : {}) } : null;
}

/** The group of an upload key (`uploads/<group>/<item>`). */
export const groupOf = (key: string) => key.split("/")[1] ?? "";
