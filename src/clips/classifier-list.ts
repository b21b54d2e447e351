import { listObjects } from "../core/list-objects.ts";
import type { ClipClassifier } from "./classifier.ts";
import { CLASSIFIER_ID, loadClassifier } from "./classifier-store.ts";

/** More than this many classifier files is a misconfigured bucket, not a listing. */
export const MAX_LISTED_CLASSIFIERS = 200;

/**
 * The clip classifiers in the MODELS bucket (classifiers/<id>.json), by id;
 * files that do not load are reported, not listed.
 */
export async function listClassifiers(bucket: R2Bucket): Promise<{ classifiers: ClipClassifier[]; warnings: string[] }> {
  const objects = await listObjects(bucket, "classifiers/", MAX_LISTED_CLASSIFIERS);
  const ids = objects.map((o) => o.key.slice("classifiers/".length)).filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -".json".length));
  const classifiers: ClipClassifier[] = [];
  const warnings: string[] = [];
  for (const id of ids.sort()) {
    if (!CLASSIFIER_ID.test(id)) {
      warnings.push(`classifiers/${id}.json: not a valid classifier id`);
      continue;
    }
    try {
      const model = await loadClassifier(bucket, id);
      if (model && model.id === id) classifiers.push(model);
      else if (model) warnings.push(`classifiers/${id}.json: its id is "${model.id}"; clips ask for a classifier by its file name`);
    } catch (err) {
      warnings.push(`classifiers/${id}.json is malformed: ${(err as Error).message.slice(0, 300)}`);
    }
  }
  return { classifiers, warnings };
}
