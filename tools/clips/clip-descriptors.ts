/**
 * npm run clip:descriptors -- DIR [options]   (--help for them)
 *
 * Turns every clip under DIR into one JSON line {label, clip, path, mode,
 * emotionModel, frames, framesWithFaces, descriptor} for train:clip. A clip is
 * a directory holding frame images (sorted by name, numbers numerically); its
 * label is the first directory below DIR, and `path` is its whole path below
 * DIR, so DIR/<label>/<subject>/<clip>/ keeps the subject for
 * `train:clip --group-by segment:1`.
 *
 * Default: in-process in Node, the Worker's pipeline code (decode,
 * FaceAnalysis, onnxruntime-web wasm) on models from --models, reduced by the
 * same frame descriptor and statistics code the Durable Object runs
 * (src/clips/). With --url: through a running Worker's /v1/clips API instead,
 * with the API key taken as every repo tool takes it (tools/api-key.ts).
 */
import { readdirSync, statSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parseArgs } from "node:util";
import { analyzedFrame, clipAnalyzeOptions } from "../../src/clips/frame-faces.ts";
import { addFrame, clipDescriptor, clipEmotion, newClipState } from "../../src/clips/clip-state.ts";
import type { ClipMode } from "../../src/clips/frame-descriptor.ts";
import { FaceAnalysis } from "../../src/pipeline/face-analysis.ts";
import { analyzeImageBytes } from "../../src/pipeline/analyze-image.ts";
import { MAX_FRAMES_PER_REQUEST } from "../../src/routes/clips-schemas.ts";
import { API_KEY_HELP, API_KEY_OPTIONS, ApiKeyUsageError, authorizationHeader, resolveApiKey } from "../api-key.ts";
import { FileModels } from "../runtime/file-models.ts";
import { createOrtWebNodeBackend } from "../runtime/ort-web-node.ts";
import { isMain } from "../is-main.mjs";

const USAGE = `Usage: npm run clip:descriptors -- DIR [options]

Writes one JSON line per clip under DIR (a directory of frame images; its label
is the first directory below DIR) with the clip's descriptor, for train:clip.

Options:
  --out <file>            output JSONL (default descriptors.jsonl)
  --mode single|group     single: the largest face per frame; group: all faces (default single)
  --emotion-model <id>    emotion model (default: the manifest's)
  --models <dir>          models for in-process analysis (default models)
  --url <url>             compute through a running API instead (e.g. http://127.0.0.1:8787)
${API_KEY_HELP}
  -h, --help              this help`;

const IMAGE = /\.(jpe?g|png|webp)$/i;
const byNumber = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

export interface ClipLine {
  label: string;
  /** The clip directory's name. */
  clip: string;
  /** Its path below DIR, "/"-separated, label first. */
  path: string;
  mode: ClipMode;
  emotionModel: string | null;
  frames: number;
  framesWithFaces: number;
  /** The clip's emotion as the API answers it (argmax of the mean frame probabilities); null without a face. */
  emotion: string | null;
  descriptor: number[];
}

export interface ClipDir {
  label: string;
  clip: string;
  path: string;
  frames: string[];
}

/** Every directory under `root` that holds images, at any depth below a label directory, in name order. */
export function findClips(root: string): ClipDir[] {
  const out: ClipDir[] = [];
  const walk = (dir: string) => {
    const names = readdirSync(dir).sort(byNumber);
    const images = names.filter((n) => IMAGE.test(n) && statSync(join(dir, n)).isFile());
    const rel = relative(root, dir).split(sep).filter(Boolean);
    if (images.length && rel.length >= 2) out.push({ label: rel[0], clip: rel.at(-1)!, path: rel.join("/"), frames: images.map((n) => join(dir, n)) });
    else if (images.length) console.warn(`skipped ${dir}: frames must sit in DIR/<label>/<clip>/`);
    for (const n of names) if (statSync(join(dir, n)).isDirectory()) walk(join(dir, n));
  };
  walk(root);
  return out;
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

/** fetch against the API with the key; waits out 429s as Retry-After says (a few times), throws on any other failure. */
export function apiCaller(url: string, key: string | undefined) {
  return async (path: string, init: RequestInit = {}) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(new URL(path, url), { ...init, headers: { ...authorizationHeader(key), ...(init.headers as Record<string, string>) } });
      const wait = Number(res.headers.get("retry-after"));
      if (res.status === 429 && wait > 0 && wait <= 120 && attempt < 5) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, wait * 1000));
        continue;
      }
      if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    }
  };
}

/** The clip descriptor as a running Worker computes it: one clip, frames in multipart requests of at most 16. */
export async function remoteClipDescriptor(call: ReturnType<typeof apiCaller>, frames: Uint8Array[], mode: ClipMode, emotionModel: string | null) {
  const created = (await call("/v1/clips", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode, ...(emotionModel ? { emotionModel } : {}) }) })) as { id: string };
  try {
    for (let start = 0; start < frames.length; start += MAX_FRAMES_PER_REQUEST) {
      const form = new FormData();
      frames.slice(start, start + MAX_FRAMES_PER_REQUEST).forEach((bytes, k) => {
        form.append("image", new Blob([bytes as BlobPart]), `${start + k}.jpg`);
        form.append("index", String(start + k));
      });
      await call(`/v1/clips/${created.id}/frames`, { method: "POST", body: form });
    }
    return (await call(`/v1/clips/${created.id}?descriptor=1`)) as { emotionModel: string | null; framesWithFaces: number; emotion: { label: string } | null; descriptor: number[] };
  } finally {
    await call(`/v1/clips/${created.id}`, { method: "DELETE" });
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      mode: { type: "string", default: "single" }, "emotion-model": { type: "string" }, out: { type: "string", default: "descriptors.jsonl" },
      models: { type: "string", default: "models" }, url: { type: "string" }, help: { type: "boolean", short: "h" }, ...API_KEY_OPTIONS,
    },
  });
  if (values.help) return console.log(USAGE);
  const root = positionals[0];
  if (!root || positionals.length > 1) throw new ApiKeyUsageError(USAGE);
  if (values.mode !== "single" && values.mode !== "group") throw new ApiKeyUsageError(`--mode must be single or group, not ${values.mode}`);
  const mode: ClipMode = values.mode;
  const emotionModel = values["emotion-model"] ?? null;
  const call = values.url ? apiCaller(values.url, resolveApiKey(values).key) : null;
  const analysis = call ? null : new FaceAnalysis(new FileModels(values.models, createOrtWebNodeBackend()));
  const lines: string[] = [];
  const clips = findClips(root);
  if (!clips.length) throw new ApiKeyUsageError(`no clips under ${root}: expected ${root}/<label>/<clip>/<frame images>`);
  for (const dir of clips) {
    const frames = dir.frames.map((f) => new Uint8Array(readFileSync(f)));
    const base = { label: dir.label, clip: dir.clip, path: dir.path, mode, frames: frames.length };
    let line: ClipLine;
    if (call) {
      const r = await remoteClipDescriptor(call, frames, mode, emotionModel);
      line = { ...base, emotionModel: r.emotionModel, framesWithFaces: r.framesWithFaces, emotion: r.emotion?.label ?? null, descriptor: r.descriptor };
    } else {
      const { state, descriptor } = await localClipDescriptor(analysis!, frames, mode, emotionModel);
      const emotion = clipEmotion(state)?.label ?? null;
      line = { ...base, emotionModel: state.layout?.emotionModel ?? emotionModel, framesWithFaces: state.framesWithFaces, emotion, descriptor: Array.from(descriptor) };
    }
    console.log(`${dir.path}: ${line.frames} frames, ${line.framesWithFaces} with faces, descriptor ${line.descriptor.length}`);
    lines.push(JSON.stringify(line));
  }
  writeFileSync(values.out, lines.join("\n") + "\n");
  console.log(`wrote ${lines.length} clips to ${values.out}`);
}

if (isMain(import.meta.url)) {
  await main().catch((err) => {
    console.error(err instanceof ApiKeyUsageError ? err.message : err);
    process.exit(err instanceof ApiKeyUsageError ? 2 : 1);
  });
}
