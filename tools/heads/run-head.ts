import type { InferenceSession } from "../../src/runtime/backend.ts";
import { column, type FeatureCache } from "./feature-cache.ts";

/** Runs a head model on the cached features of every found face, `batch` rows at a time; rows in cache order. */
export async function runHeadOnCache(session: InferenceSession, cache: FeatureCache, batch = 256): Promise<Float32Array[]> {
  const found = cache.images.filter((im) => im.row >= 0);
  const out: Float32Array[] = [];
  for (let start = 0; start < found.length; start += batch) {
    const part = found.slice(start, start + batch);
    const dim = column(cache, part[0], "features").length;
    const data = new Float32Array(part.length * dim);
    part.forEach((im, i) => data.set(column(cache, im, "features"), i * dim));
    const res = await session.run({ [session.inputNames[0]]: { data, dims: [part.length, dim] } });
    const t = res[session.outputNames[0]];
    const K = t.dims[1];
    for (let i = 0; i < part.length; i++) out.push(t.data.slice(i * K, (i + 1) * K));
  }
  return out;
}
