import type { Listable } from "../core/list-objects.ts";

/**
 * The slice of an R2 bucket the model registry needs. R2Bucket satisfies it;
 * Node tools and tests can pass a directory- or Map-backed object instead.
 */
export interface BucketObject {
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

export interface ModelBucket extends Listable<{ key: string }> {
  get(key: string): Promise<BucketObject | null>;
}
