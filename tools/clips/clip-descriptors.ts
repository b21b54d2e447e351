/**
 * npm run clip:descriptors -- DIR [--mode single|group] [--emotion-model ID] [--out FILE.jsonl]
 *   [--models models] [--url http://localhost:8787]
 *
 * Turns DIR/<label>/<clip>/<frames...>.jpg into one {label, clip, descriptor,
 * mode, emotionModel, frames, framesWithFaces} line per clip, for train:clip.
 * Default: in-process in Node, the Worker's pipeline code (decode, FaceAnalysis,
 * onnxruntime-web wasm) on models from --models, reduced by the same frame
 * descriptor and statistics code the Durable Object runs (src/clips/). With
 * --url: through a running Worker's /v1/clips API instead.
 */
import { readdirSync, statSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toolArgs } from "../tool-args.ts";
import { analyzedFrame, clipAnalyzeOptions } from "../../src/clips/frame-faces.ts";
import { addFrame, clipDescriptor, newClipState } from "../../src/clips/clip-state.ts";
import type { ClipMode } from "../../src/clips/frame-descriptor.ts";
import { FaceAnalysis } from "../../src/pipeline/face-analysis.ts";
import { analyzeImageBytes } from "../../src/pipeline/analyze-image.ts";
import { FileModels } from "../runtime/file-models.ts";
import { createOrtWebNodeBackend } from "../runtime/ort-web-node.ts";

const IMAGE = /\.(jpe?g|png|webp)$/i;
const dirs = (p: string) => readdirSync(p).filter((n) => statSync(join(p, n)).isDirectory()).sort();
const byNumber = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

export interface ClipLine {
  label: string;
  clip: string;
  mode: ClipMode;
  emotionModel: string | null;
  frames: number;
  framesWithFaces: number;
  descriptor: number[];
}

/** The pipeline's faces of one image, as analyzeBytes computes them in the Worker. */
async function pipelineFaces(analysis: FaceAnalysis, bytes: Uint8Array, emotionModel: string | null) {
  return (await analyzeImageBytes(analysis, bytes, clipAnalyzeOptions(emotionModel))).faces;
}

/** The clip descriptor of a list of frame images, computed in-process. */
export async function localClipDescriptor(analysis: FaceAnalysis, frames: Uint8Array[], mode: ClipMode, emotionModel: string | null) {
  const state = newClipState(mode);
  for (const bytes of frames) {
    const f = analyzedFrame(mode, await pipelineFaces(analysis, bytes, state.layout?.emotionModel ?? emotionModel));
    addFrame(state, f.descriptor, f.layout);
  }
  return { state, descriptor: clipDescriptor(state) };
}

async function remoteClipDescriptor(url: string, frames: Uint8Array[], mode: ClipMode, emotionModel: string | null) {
  const call = async (path: string, init?: RequestInit) => {
    // The Worker wants a key: $FACEFLARE_KEY, as the faceflare CLI takes it.
    const auth: Record<string, string> = process.env.FACEFLARE_KEY ? { authorization: `Bearer ${process.env.FACEFLARE_KEY}` } : {};
    const res = await fetch(new URL(path, url), { ...init, headers: { ...(init?.headers as Record<string, string>), ...auth } });
    if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  const created = (await call("/v1/clips", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode, ...(emotionModel ? { emotionModel } : {}) }) })) as { id: string };
  try {
    for (const [i, bytes] of frames.entries()) {
      await call(`/v1/clips/${created.id}/frames?index=${i}`, { method: "POST", headers: { "content-type": "image/jpeg" }, body: bytes as unknown as BodyInit });
    }
    return (await call(`/v1/clips/${created.id}?descriptor=1`)) as { emotionModel: string | null; framesWithFaces: number; descriptor: number[] };
  } finally {
    await call(`/v1/clips/${created.id}`, { method: "DELETE" });
  }
}

const USAGE = `Usage: npm run clip:descriptors -- DIR [options]

Turns DIR/<label>/<clip>/<frames...>.jpg into one {label, clip, descriptor, mode,
emotionModel, frames, framesWithFaces} line per clip, for npm run train:clip:
in Node through the Worker's own pipeline code, or with --url through a running
Worker's /v1/clips API.

Options:
  --mode single|group   the clip mode (default single)
  --emotion-model ID    emotion model (default: the manifest's)
  --out FILE            JSON Lines output (default descriptors.jsonl)
  --models DIR          model folder for the in-process run (default models)
  --url URL             use a running Worker instead (its key from $FACEFLARE_KEY)
  -h, --help            this help`;

async function main() {
  const { values, positionals } = toolArgs(
    "clip:descriptors",
    USAGE,
    { mode: { type: "string", default: "single" }, "emotion-model": { type: "string" }, out: { type: "string", default: "descriptors.jsonl" }, models: { type: "string", default: "models" }, url: { type: "string" } },
    { allowPositionals: true },
  );
  const root = positionals[0];
  if (!root) throw new Error(`no folder given\n\n${USAGE}`);
  const mode: ClipMode = values.mode === "group" ? "group" : "single";
  const emotionModel = values["emotion-model"] ?? null;
  const analysis = values.url ? null : new FaceAnalysis(new FileModels(values.models, createOrtWebNodeBackend()));
  const lines: string[] = [];
  for (const label of dirs(root)) {
    for (const clip of dirs(join(root, label))) {
      const names = readdirSync(join(root, label, clip)).filter((n) => IMAGE.test(n)).sort(byNumber);
      const frames = names.map((n) => new Uint8Array(readFileSync(join(root, label, clip, n))));
      let line: ClipLine;
      if (values.url) {
        const r = await remoteClipDescriptor(values.url, frames, mode, emotionModel);
        line = { label, clip, mode, emotionModel: r.emotionModel, frames: frames.length, framesWithFaces: r.framesWithFaces, descriptor: r.descriptor };
      } else {
        const { state, descriptor } = await localClipDescriptor(analysis!, frames, mode, emotionModel);
        line = { label, clip, mode, emotionModel: state.layout?.emotionModel ?? emotionModel, frames: frames.length, framesWithFaces: state.framesWithFaces, descriptor: Array.from(descriptor) };
      }
      console.log(`${label}/${clip}: ${line.frames} frames, ${line.framesWithFaces} with faces, descriptor ${line.descriptor.length}`);
      lines.push(JSON.stringify(line));
    }
  }
  writeFileSync(values.out, lines.join("\n") + "\n");
  console.log(`wrote ${lines.length} clips to ${values.out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
