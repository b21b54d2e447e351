import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { contentTypeOf } from "./files.ts";
import { unwrap, type FaceflareClient } from "../index.ts";
import { fetchRetry, HttpError, problemOf } from "./http.ts";

export interface Slot {
  key: string;
  url: string;
}

/** Why a file could not be uploaded: the API's problem code and detail (or a local reason). */
export interface UploadError {
  code: string;
  detail?: string;
  status?: number;
}

export type UploadOutcome = { file: string; key: string } | { file: string; error: UploadError; permanent: boolean };

/** Asks for `count` signed upload slots (the server allows 1000 per request). */
export async function requestSlots(api: FaceflareClient, count: number): Promise<Slot[]> {
  const slots: Slot[] = [];
  for (let left = count; left > 0; left -= 1000) {
    slots.push(...unwrap(await api.POST("/v1/uploads", { body: { count: Math.min(left, 1000) } })).slots);
  }
  return slots;
}

/**
 * PUTs one file to its slot. A 409 after a retried attempt means an earlier
 * attempt got through (the answer was lost), so it counts as uploaded.
 */
export async function uploadOne(dir: string, file: string, slot: Slot): Promise<UploadOutcome> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await readFile(join(dir, file)));
  } catch (err) {
    return { file, error: { code: "unreadable", detail: (err as Error).message }, permanent: true };
  }
  let retried = false;
  try {
    const res = await fetchRetry(
      slot.url,
      () => ({ method: "PUT", headers: { "content-type": contentTypeOf(file)! }, body: bytes }),
      undefined,
      () => (retried = true),
    );
    if (res.status === 201 || (res.status === 409 && retried)) {
      await res.body?.cancel();
      return { file, key: slot.key };
    }
    // 410: the slot expired (a long pause); a fresh slot will do. Others are about the file.
    return { file, error: problemOf(res.status, await res.text()), permanent: res.status !== 410 };
  } catch (err) {
    return { file, error: err instanceof HttpError ? problemOf(err.status, err.body) : { code: "network", detail: (err as Error).message }, permanent: false };
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
