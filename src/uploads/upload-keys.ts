/**
 * Upload objects live at `uploads/<group>/<item>`: one group (128 random bits,
 * hex) per POST /v1/uploads, items numbered 0000.. within it.
 */
export const UPLOAD_PREFIX = "uploads/";
export const UPLOAD_GROUP_RE = /^[0-9a-f]{32}$/;
export const UPLOAD_ITEM_RE = /^[0-9]{4}$/;

export function uploadKey(group: string, index: number): string {
  return `${UPLOAD_PREFIX}${group}/${String(index).padStart(4, "0")}`;
}

/** The group of an upload key (`uploads/<group>/<item>`). */
export const groupOf = (key: string) => key.split("/")[1] ?? "";

/** The item number of an upload key (`uploads/<group>/<item>`). */
export const itemOf = (key: string) => Number(key.split("/")[2]);

/** True for keys that POST /v1/uploads can have handed out. */
export function isUploadKey(key: string): boolean {
  const [root, group, item, ...rest] = key.split("/");
  return root === "uploads" && rest.length === 0 && UPLOAD_GROUP_RE.test(group ?? "") && UPLOAD_ITEM_RE.test(item ?? "");
}
