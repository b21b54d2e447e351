import { ClipClassifierSchema, type ClipClassifier } from "./classifier.ts";

/** R2 key of a clip classifier in the MODELS bucket. */
export const classifierKey = (id: string) => `classifiers/${id}.json`;

export const CLASSIFIER_ID = /^[A-Za-z0-9._-]{1,64}$/;

// Parsed models by id, reused while the R2 object's etag is unchanged.
const cache = new Map<string, { etag: string; model: ClipClassifier }>();

/** The classifier stored under `id`, or null if there is none. Throws on a malformed file. */
export async function loadClassifier(bucket: R2Bucket, id: string): Promise<ClipClassifier | null> {
  if (!CLASSIFIER_ID.test(id)) return null;
  const obj = await bucket.get(classifierKey(id));
  if (!obj) return null;
  const hit = cache.get(id);
  if (hit && hit.etag === obj.etag) {
    await obj.body.cancel();
    return hit.model;
  }
  const model = ClipClassifierSchema.parse(await obj.json());
  cache.set(id, { etag: obj.etag, model });
  return model;
}
