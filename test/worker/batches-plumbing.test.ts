import { describe, expect, it } from "vitest";
import type { AnalyzeItem } from "../../src/batches/consumer.ts";
import { itemsPrefix } from "../../src/batches/results.ts";
import { FaceflareError } from "../../src/core/errors.ts";
import { deadLetter, deliver, env, finalize, newBatch, resultLines, stubOf } from "./helpers/batch-harness.ts";

// Plumbing only: a stand-in analyser so failures and retries are exact. The
// same scenarios on real photos with the real pipeline are in batches.test.ts.
const img = (n: number) => Uint8Array.from({ length: 64 }, (_, i) => (i * 7 + n) & 255);
const IMAGES = [img(1), img(2), img(3)];

/** Fake analyser: image n answers { n }; `corrupt` indexes are client errors; `flaky` throw once. */
function fakeAnalyze(opts: { corrupt?: number[]; flaky?: number[] } = {}) {
  const calls: number[] = [];
  const flaked = new Set<number>();
  const analyze: AnalyzeItem = async (_env, bytes) => {
    const n = bytes[0];
    calls.push(n);
    if (opts.corrupt?.includes(n)) throw new FaceflareError("corrupt_image", "truncated");
    if (opts.flaky?.includes(n) && !flaked.has(n)) {
      flaked.add(n);
      throw new Error("model fetch timed out");
    }
    return { n };
  };
  return { analyze, calls };
}

describe("batch queue consumer (plumbing)", () => {
  it("analyses every image, reports a failing one as failed, and merges results in order", async () => {
    const { id, keys, messages } = await newBatch(IMAGES);
    const { analyze } = fakeAnalyze({ corrupt: [2] });
    expect(await deliver(messages, analyze)).toEqual({ acked: [0, 1, 2], retried: [] });
    // Counts are final at once; the merge alarm may already have run (Miniflare fires alarms due now by itself).
    expect(await stubOf(id).progress()).toMatchObject({ total: 3, done: 2, failed: 1, pending: 0 });

    await finalize(id);
    expect(await stubOf(id).progress()).toMatchObject({ status: "completed", done: 2, failed: 1 });
    expect(await resultLines(id)).toEqual([
      { index: 0, key: keys[0], status: "done", result: { n: 1 } },
      { index: 1, key: keys[1], status: "failed", error: { code: "corrupt_image", detail: "truncated" } },
      { index: 2, key: keys[2], status: "done", result: { n: 3 } },
    ]);
  });

  it("retries a transient failure and never duplicates a result, however often a message is redelivered", async () => {
    const { id, messages } = await newBatch(IMAGES);
    const { analyze, calls } = fakeAnalyze({ flaky: [1] });
    expect(await deliver(messages, analyze)).toEqual({ acked: [1, 2], retried: [0] });
    expect(await stubOf(id).progress()).toMatchObject({ done: 2, pending: 1 });

    // The retry, plus at-least-once redelivery of messages already handled.
    expect(await deliver(messages, analyze, 2)).toEqual({ acked: [0, 1, 2], retried: [] });
    expect(await deliver(messages, analyze, 3)).toEqual({ acked: [0, 1, 2], retried: [] });
    expect(calls).toEqual([1, 2, 3, 1]); // finished images are not analysed again

    await finalize(id);
    const lines = await resultLines(id);
    expect(lines.map((l) => [l.index, l.status])).toEqual([[0, "done"], [1, "done"], [2, "done"]]);
    expect((await env.UPLOADS.list({ prefix: itemsPrefix(id) })).objects).toHaveLength(3);
    expect(await stubOf(id).progress()).toMatchObject({ status: "completed", done: 3, failed: 0, pending: 0 });
  });

  it("reports an image that kept failing (dead-lettered) as failed with its last error", async () => {
    const { id, messages } = await newBatch(IMAGES.slice(0, 2));
    const broken: AnalyzeItem = async () => {
      throw new Error("backend exploded");
    };
    expect(await deliver([messages[0]], broken)).toEqual({ acked: [], retried: [0] });
    expect(await deliver([messages[1]], fakeAnalyze().analyze)).toEqual({ acked: [1], retried: [] });
    expect(await deadLetter([messages[0]])).toEqual({ acked: [0], retried: [] });
    await finalize(id);
    const [first] = await resultLines(id);
    expect(first).toMatchObject({ index: 0, status: "failed", error: { code: "gave_up" } });
    expect((first as { error: { detail: string } }).error.detail).toContain("backend exploded");
    expect(await stubOf(id).progress()).toMatchObject({ status: "completed", done: 1, failed: 1 });
  });

  it("reports a key with no uploaded object as failed without retrying", async () => {
    const { id, keys, messages } = await newBatch(IMAGES.slice(0, 1));
    await env.UPLOADS.delete(keys[0]);
    expect(await deliver(messages, fakeAnalyze().analyze)).toEqual({ acked: [0], retried: [] });
    expect(await stubOf(id).progress()).toMatchObject({ failed: 1, pending: 0 });
  });
});
