import { env as workerEnv } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/env.ts";

const env = workerEnv as unknown as Env;
import { clipStub, newClipId } from "../../src/clips/clip-id.ts";
import type { ClipObject, FrameSubmission } from "../../src/clips/clip-object.ts";
import { frameDescriptor, type ClipMode } from "../../src/clips/frame-descriptor.ts";
import { clipStatsBytes } from "./helpers/clip-stats-size.ts";
import { clipStorage, measureClipStateGrowth } from "./helpers/clip-storage.ts";
import { concat, directStats, FACE_DIM, LAYOUT, maxError, rng, shuffle, syntheticFace } from "./helpers/clip-synthetic.ts";

async function newClip(mode: ClipMode = "single") {
  const stub = clipStub(env, newClipId());
  expect(await stub.create({ mode })).not.toBeNull();
  return stub;
}

/** `n` single-face frames; every `gapEvery`-th has no face. */
function singleFrames(n: number, seed: number, offset = 0, gapEvery = 7): FrameSubmission[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, index) => {
    if (index % gapEvery === 3) return { index, descriptor: null };
    const f = frameDescriptor("single", [syntheticFace(r, offset)]);
    return { index, descriptor: f.descriptor, layout: f.layout };
  });
}

/** What the clip should hold: [mean, max, min, std] over the frames with a face. */
function expectedSingle(frames: FrameSubmission[]) {
  const s = directStats(frames.filter((f) => f.descriptor).map((f) => f.descriptor!));
  return { descriptor: concat(s.mean, s.max, s.min, s.std), probs: Array.from(s.mean.slice(LAYOUT.featureDim)) };
}

describe("clip Durable Object statistics", () => {
  it("match a direct computation over the same frames, whatever the order, batching or concurrency", async () => {
    const frames = singleFrames(60, 1);
    const expected = expectedSingle(frames);
    const inOrder = await newClip();
    for (const f of frames) await inOrder.addFrames([f]);
    const concurrent = await newClip();
    await Promise.all(shuffle(frames, rng(2)).map((f) => concurrent.addFrames([f])));
    const batched = await newClip();
    const shuffled = shuffle(frames, rng(3));
    for (let i = 0; i < shuffled.length; i += 8) await batched.addFrames(shuffled.slice(i, i + 8));

    for (const stub of [inOrder, concurrent, batched]) {
      const s = (await stub.summary())!;
      expect(s.info.framesReceived).toBe(60);
      expect(s.info.framesWithFaces).toBe(60 - frames.filter((f) => !f.descriptor).length);
      expect(s.descriptor.length).toBe(4 * FACE_DIM);
      expect(maxError(s.descriptor, expected.descriptor)).toBeLessThan(1e-5);
      // Scores are answered with 4 decimals (README, One shape): half a unit of the last digit at most, plus float32 noise.
      expect(maxError(LAYOUT.labels.map((l) => s.emotion!.scores[l]), expected.probs)).toBeLessThan(5e-5 + 1e-5);
      const top = LAYOUT.labels[expected.probs.indexOf(Math.max(...expected.probs))];
      expect(s.emotion!.label).toBe(top);
    }
  });

  it("stay accurate with a large common offset (Welford, not sum of squares)", async () => {
    const frames = singleFrames(200, 4, 1e4);
    const stub = await newClip();
    for (let i = 0; i < frames.length; i += 20) await stub.addFrames(frames.slice(i, i + 20));
    const s = (await stub.summary())!;
    const expected = expectedSingle(frames);
    const std = (v: ArrayLike<number>) => Array.from(v).slice(3 * FACE_DIM);
    expect(maxError(std(s.descriptor), std(expected.descriptor))).toBeLessThan(1e-5);
    expect(std(s.descriptor).some((v) => v > 0.5)).toBe(true); // the spread survived the offset
  });

  it("count a retried frame once and leave the statistics unchanged", async () => {
    const frames = singleFrames(20, 5);
    const stub = await newClip();
    await stub.addFrames(frames);
    const before = (await stub.summary())!;
    const other = frameDescriptor("single", [syntheticFace(rng(99), 50)]);
    const [a, b] = await Promise.all([
      stub.addFrames([{ index: 4, descriptor: other.descriptor, layout: other.layout }]),
      stub.addFrames([{ index: 4, descriptor: other.descriptor, layout: other.layout }]),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.frames[0].duplicate, b.frames[0].duplicate]).toEqual([true, true]);
    const again = await stub.addFrames([frames[0], { index: 20, descriptor: null }, { index: 20, descriptor: null }]);
    expect(again.ok && again.frames.map((f) => f.duplicate)).toEqual([true, false, true]);
    const after = (await stub.summary())!;
    expect(Array.from(after.descriptor)).toEqual(Array.from(before.descriptor));
    expect(after.info.framesReceived).toBe(21);
    expect(after.info.framesWithFaces).toBe(before.info.framesWithFaces);
  });

  it("survive eviction: the clip continues from SQLite storage", async () => {
    const frames = singleFrames(30, 6);
    const stub = await newClip();
    await stub.addFrames(frames.slice(0, 15));
    await evictDurableObject(stub);
    const dup = await stub.addFrames([frames[2]]);
    expect(dup.ok && dup.frames[0].duplicate).toBe(true); // seen indices persisted too
    await stub.addFrames(frames.slice(15));
    await evictDurableObject(stub);
    const s = (await stub.summary())!;
    expect(s.info.framesReceived).toBe(30);
    expect(maxError(s.descriptor, expectedSingle(frames).descriptor)).toBeLessThan(1e-5);
  });

  it("give the zero-face clip no emotion and an empty (zero) descriptor; faceless frames are counted and skipped", async () => {
    const stub = await newClip();
    await stub.addFrames([0, 1, 2].map((index) => ({ index, descriptor: null })));
    const s = (await stub.summary())!;
    expect(s.info).toMatchObject({ framesReceived: 3, framesWithFaces: 0, layout: null });
    expect(s.emotion).toBeNull();
    expect(Array.from(await stub.summary().then((x) => x!.descriptor))).toEqual([]);
  });

  it("group mode: mean and std over faces per frame, then mean and std over frames", async () => {
    const r = rng(7);
    const perFrame = Array.from({ length: 25 }, (_, i) => Array.from({ length: i % 5 === 2 ? 0 : 1 + (i % 4) }, () => syntheticFace(r)));
    const stub = await newClip("group");
    await Promise.all(
      shuffle(perFrame.map((faces, index) => ({ faces, index })), r).map(({ faces, index }) => {
        const f = frameDescriptor("group", faces);
        return stub.addFrames([{ index, descriptor: f.descriptor, layout: f.layout }]);
      }),
    );
    const frameRows = perFrame.filter((faces) => faces.length).map((faces) => {
      const s = directStats(faces.map((f) => concat(f.emotion!.features!, f.emotion!.probs)));
      return concat(s.mean, s.std);
    });
    const over = directStats(frameRows);
    const s = (await stub.summary())!;
    expect(s.info).toMatchObject({ framesReceived: 25, framesWithFaces: frameRows.length });
    expect(s.descriptor.length).toBe(4 * FACE_DIM);
    expect(maxError(s.descriptor, concat(over.mean, over.std))).toBeLessThan(1e-5);
    const probs = Array.from(over.mean.slice(LAYOUT.featureDim, FACE_DIM));
    expect(maxError(LAYOUT.labels.map((l) => s.emotion!.scores[l]), probs)).toBeLessThan(5e-5 + 1e-5); // 4 decimals
  });

  it("single mode uses the largest face of a frame", () => {
    const r = rng(8);
    const small = syntheticFace(r, 0, { x: 0, y: 0, width: 20, height: 20 });
    const large = syntheticFace(r, 0, { x: 50, y: 0, width: 40, height: 30 });
    const f = frameDescriptor("single", [small, large]);
    expect(f.faces).toBe(2);
    expect(Array.from(f.descriptor!)).toEqual(concat(large.emotion!.features!, large.emotion!.probs));
  });

  it("leave the clip intact when a request carries a bad frame", async () => {
    const frames = singleFrames(10, 9);
    const stub = await newClip();
    await stub.addFrames(frames);
    const before = (await stub.summary())!;
    const good = frameDescriptor("single", [syntheticFace(rng(10))]);
    const res = await stub.addFrames([
      { index: 10, descriptor: good.descriptor, layout: good.layout },
      { index: 11, descriptor: new Float32Array(FACE_DIM + 1), layout: LAYOUT },
    ]);
    expect(res).toMatchObject({ ok: false, code: "conflict" });
    const otherModel = await stub.addFrames([{ index: 12, descriptor: good.descriptor, layout: { ...LAYOUT, emotionModel: "another" } }]);
    expect(otherModel).toMatchObject({ ok: false, code: "conflict" });
    const after = (await stub.summary())!;
    expect(after.info.framesReceived).toBe(before.info.framesReceived);
    expect(Array.from(after.descriptor)).toEqual(Array.from(before.descriptor));
    const retry = await stub.addFrames([{ index: 10, descriptor: good.descriptor, layout: good.layout }]);
    expect(retry.ok && retry.frames[0].duplicate).toBe(false); // index 10 was not recorded by the failed request
  });

  it("expire through an alarm CLIP_IDLE_SECONDS after the last frame, deleting all storage", async () => {
    const stub = await newClip();
    const res = await stub.addFrames(singleFrames(5, 11));
    if (!res.ok) throw new Error(res.detail);
    const idle = Number(env.CLIP_IDLE_SECONDS) * 1000;
    expect(res.info.expiresAt).toBe(res.info.updatedAt + idle);
    expect(await runInDurableObject(stub, (_: ClipObject, state) => state.storage.getAlarm())).toBe(res.info.expiresAt);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.info()).toBeNull();
    expect(await stub.addFrames(singleFrames(1, 12))).toMatchObject({ ok: false, code: "not_found" });
    expect(await clipStorage(stub)).toMatchObject({ statsBytes: 0, seenIndices: 0 });
  });

  it("keep O(D) statistics: the stats row does not grow with the number of frames", async () => {
    const stub = await newClip();
    await stub.addFrames(singleFrames(10, 13, 0, 1000));
    const at10 = await clipStorage(stub);
    for (let i = 10; i < 300; i += 50) {
      const more = singleFrames(50, 14 + i, 0, 1000).map((f, k) => ({ ...f, index: i + k }));
      await stub.addFrames(more);
    }
    const at300 = await clipStorage(stub);
    expect(at10.statsBytes).toBe(8 + 4 * FACE_DIM * 8);
    expect(at300.statsBytes).toBe(at10.statsBytes);
    expect(at300.seenIndices).toBe(310);
  });
});

describe("clip state size (for the bench)", () => {
  it("keeps the stats row at clipStatsBytes from 10 to 10,000 frames", async () => {
    const stub = await newClip();
    const rows = await measureClipStateGrowth(stub, [10, 100, 1000, 10_000]);
    console.log("clip state growth (D = 256 + 7):", JSON.stringify(rows));
    for (const r of rows) {
      expect(r.statsBytes).toBe(clipStatsBytes("single", 263));
      expect(r.seenIndices).toBe(r.frames);
    }
  });
});
