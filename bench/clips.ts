import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { addFrame, clipDescriptor, newClipState } from "../src/clips/clip-state.ts";
import { encodeMoments } from "../src/clips/moments.ts";
import { clipStatsBytes } from "../test/worker/helpers/clip-stats-size.ts";
import { body, okJson, timedFetch } from "./http.ts";
import { ROOT, type Photo } from "./photos.ts";
import type { ClipsResult, RequestSample } from "./types.ts";
import type { DevServer } from "./wrangler.ts";

/**
 * Clips (issue 4), three measurements of real code:
 * 1. HTTP: each photo posted as a frame of one single-mode clip, alternated
 *    with POST /v1/analyze?tasks=emotion (no-cache) on the same photo; the
 *    frame is that analysis plus the clip Durable Object's RPCs.
 * 2. Node: the statistics update the DO runs per frame (addFrame = Welford
 *    over the descriptor), its encoding for the SQLite row, the clip descriptor.
 * 3. workerd: the ClipObject's storage at 10..10,000 frames, by running the
 *    existing test that calls measureClipStateGrowth (test/worker/clips-object.test.ts).
 */

interface FramesAnswer {
  frames: { faces: number; duplicate: boolean }[];
}

export async function benchClipsHttp(dev: DevServer, photos: Photo[], passes: number, log: (l: string) => void): Promise<ClipsResult["http"]> {
  const created = await okJson<{ id: string }>("POST /v1/clips", await timedFetch(dev, "/v1/clips", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "single" }) }));
  let index = 0;
  const frame = async (p: Photo): Promise<RequestSample> => {
    const r = await timedFetch(dev, `/v1/clips/${created.id}/frames?index=${index++}`, { method: "POST", headers: { "content-type": "image/jpeg" }, body: body(p.bytes) });
    const j = await okJson<FramesAnswer>(`frame ${p.name}`, r);
    if (j.frames[0]?.duplicate !== false) throw new Error(`frame ${p.name}: not counted as a new frame`);
    return { photo: p.name, faces: j.frames[0].faces, wallMs: r.ms, stages: {} };
  };
  const analyze = async (p: Photo): Promise<RequestSample> => {
    const r = await timedFetch(dev, "/v1/analyze?tasks=emotion", { method: "POST", headers: { "content-type": "image/jpeg", "cache-control": "no-cache" }, body: body(p.bytes) });
    const j = await okJson<{ faces: unknown[]; timings: Record<string, number> }>(`analyze ${p.name}`, r);
    return { photo: p.name, faces: j.faces.length, wallMs: r.ms, stages: j.timings };
  };
  // Warm-up pass: the emotion model may not be loaded yet; the clip's DO gets created.
  for (const p of photos) await frame(p), await analyze(p);
  const out: ClipsResult["http"] = { frames: [], analyze: [], pairedDiffMs: [] };
  for (let pass = 0; pass < passes; pass++) {
    for (const p of photos) {
      // Alternate which goes first so neither always follows the other.
      let f: RequestSample, a: RequestSample;
      if (pass % 2) (a = await analyze(p)), (f = await frame(p));
      else (f = await frame(p)), (a = await analyze(p));
      out.frames.push(f);
      out.analyze.push(a);
      out.pairedDiffMs.push(f.wallMs - a.wallMs);
    }
  }
  const info = await okJson<{ framesReceived?: number }>("GET clip", await timedFetch(dev, `/v1/clips/${created.id}`));
  log(`clip ${created.id}: ${info.framesReceived ?? "?"} frames received`);
  return out;
}

/** Microseconds per frame of the statistics code the DO runs, on synthetic single-face descriptors. */
export function benchClipUpdate(frames = 10_000, featureDim = 256, labels = 7): ClipsResult["update"] {
  const layout = { emotionModel: "bench", labels: Array.from({ length: labels }, (_, k) => `c${k}`), featureDim };
  const faceDim = featureDim + labels;
  const descriptors = Array.from({ length: frames }, (_, f) => Float32Array.from({ length: faceDim }, (_, i) => Math.sin(f * 31 + i)));
  const run = () => {
    const state = newClipState("single");
    const t0 = performance.now();
    for (const d of descriptors) addFrame(state, d, layout);
    const t1 = performance.now();
    for (let i = 0; i < frames; i++) encodeMoments(state.moments!);
    const t2 = performance.now();
    for (let i = 0; i < 1000; i++) clipDescriptor(state);
    const t3 = performance.now();
    return { addFrameUs: ((t1 - t0) * 1000) / frames, encodeUs: ((t2 - t1) * 1000) / frames, descriptorUs: t3 - t2 };
  };
  run(); // JIT warm-up
  return { faceDim, frames, ...run() };
}

const GROWTH_LINE = /clip state growth \(D = 256 \+ 7\): (\[.*\])/;

/** Runs the one worker test that drives the real ClipObject to 10,000 frames; reads its rows and duration. */
export function benchClipStorage(log: (l: string) => void): Pick<ClipsResult, "storage" | "storageError"> {
  const jsonOut = join(ROOT, ".wrangler", `bench-clip-storage-${process.pid}.json`);
  log("clip storage: vitest test/worker/clips-object.test.ts -t 'clip state size'");
  const r = spawnSync(join(ROOT, "node_modules/.bin/vitest"), ["run", "--project", "worker", "test/worker/clips-object.test.ts", "-t", "clip state size", "--reporter=default", "--reporter=json", `--outputFile.json=${jsonOut}`], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 180_000,
  });
  const text = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  const m = GROWTH_LINE.exec(text);
  if (r.status !== 0 || !m) return { storageError: `vitest exited with ${r.status ?? r.signal}${m ? "" : ", no growth line"}: ${text.split("\n").slice(-8).join(" ")}` };
  let testMs = Number.NaN;
  try {
    const report = JSON.parse(readFileSync(jsonOut, "utf8")) as { testResults: { assertionResults: { title: string; duration?: number }[] }[] };
    testMs = report.testResults.flatMap((f) => f.assertionResults).find((a) => a.title.startsWith("keeps the stats row"))?.duration ?? Number.NaN;
  } catch {
    // duration is optional; the sizes are what matters
  }
  rmSync(jsonOut, { force: true });
  return { storage: { rows: JSON.parse(m[1]), testMs, expectedStatsBytes: clipStatsBytes("single", 263) } };
}
