import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CliOptions } from "./args.ts";
import { CliError, EXIT } from "./exit-codes.ts";
import { IMAGE_EXTENSIONS, listImages } from "./files.ts";
import { createFaceflareClient, unwrap, type AnalyzeTask, type FaceflareClient } from "../index.ts";
import { fetchRetry, problemOf, retryingFetch } from "./http.ts";
import { outputLines, toCsv, toJsonl, type OutputLine, type ResultLine } from "./output.ts";
import { ProgressBar } from "./progress.ts";
import { loadState, removeState, saveState, statePathFor, type RunState } from "./state.ts";
import { pool, requestSlots, uploadOne, type UploadError } from "./uploader.ts";

export interface RunSummary {
  files: number;
  uploaded: number;
  /** Files a previous, interrupted run had already uploaded. */
  resumed: number;
  /** Files the upload refused (too large, wrong type, ...): in the output as failed. */
  refused: { file: string; error: UploadError }[];
  batchId?: string;
  /** Images analysed. */
  done: number;
  /** Images that failed, in the batch or at upload. */
  failed: number;
  lines: OutputLine[];
}

interface Progress {
  status: "running" | "completed";
  total: number;
  done: number;
  failed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function uploadMissing(opts: CliOptions, api: FaceflareClient, files: string[], state: RunState, statePath: string | undefined) {
  const refused: { file: string; error: UploadError }[] = [];
  let uploaded = 0;
  const bar = new ProgressBar("upload");
  const total = files.length;
  const finished = () => files.filter((f) => state.uploaded[f]).length + refused.length;
  // Slots that expired mid-run are replaced by fresh ones on the next pass.
  for (let pass = 0; pass < 3; pass++) {
    const todo = files.filter((f) => !state.uploaded[f] && !refused.some((r) => r.file === f));
    if (!todo.length) break;
    const slots = await requestSlots(api, todo.length);
    const retry: string[] = [];
    bar.update(finished(), total);
    await pool(todo.map((f, i) => [f, slots[i]] as const), opts.concurrency, async ([file, slot]) => {
      const r = await uploadOne(opts.dir, file, slot);
      if ("key" in r) {
        state.uploaded[file] = r.key;
        uploaded++;
        if (statePath) await saveState(statePath, state);
      } else if (r.permanent) refused.push({ file, error: r.error });
      else retry.push(`${file}: ${r.error.code}${r.error.detail ? ` ${r.error.detail}` : ""}`);
      bar.update(finished(), total, refused.length ? `(${refused.length} refused)` : "");
    });
    if (pass === 2 && retry.length) throw new CliError(`uploads kept failing:\n${retry.join("\n")}`, EXIT.failed);
  }
  bar.finish();
  return { uploaded, refused };
}

async function follow(opts: CliOptions, api: FaceflareClient, batchId: string): Promise<Progress> {
  const bar = new ProgressBar("analyse");
  for (;;) {
    const p: Progress = unwrap(await api.GET("/v1/batches/{id}", { params: { path: { id: batchId } } }));
    bar.update(p.done + p.failed, p.total, p.failed ? `(${p.failed} failed)` : "");
    if (p.status === "completed") {
      bar.finish();
      return p;
    }
    await sleep(opts.pollMs);
  }
}

async function results(opts: CliOptions, batchId: string): Promise<ResultLine[]> {
  const url = `${opts.url}/v1/batches/${batchId}/results.jsonl`;
  const headers: Record<string, string> = opts.key ? { authorization: `Bearer ${opts.key}` } : {};
  const res = await fetchRetry(url, () => ({ headers }));
  const text = await res.text();
  if (!res.ok) {
    const p = problemOf(res.status, text);
    throw new CliError(`${res.status} ${p.code} from ${url}${p.detail ? `: ${p.detail}` : ""}`, EXIT.failed);
  }
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as ResultLine);
}

/** Uploads the folder, runs one batch, writes the output; throws CliError or the client's errors. */
export async function runAnalyze(opts: CliOptions): Promise<RunSummary> {
  const api = createFaceflareClient({ baseUrl: opts.url, apiKey: opts.key, fetch: retryingFetch });
  const dir = resolve(opts.dir);
  const files = await listImages(dir).catch((err: Error) => {
    throw new CliError(`cannot read ${dir}: ${err.message}`, EXIT.usage);
  });
  if (!files.length) throw new CliError(`no images (${IMAGE_EXTENSIONS}) in ${dir}`, EXIT.usage);
  const statePath = opts.out ? statePathFor(opts.out) : undefined;
  const state: RunState = statePath ? await loadState(statePath, opts.url, dir) : { version: 1, url: opts.url, dir, uploaded: {} };
  const resumed = files.filter((f) => state.uploaded[f]).length;
  if (resumed && !opts.quiet) process.stderr.write(`resuming: ${resumed} of ${files.length} files already uploaded${state.batchId ? `, batch ${state.batchId} started` : ""}\n`);

  let uploaded = 0;
  let refused: { file: string; error: UploadError }[] = state.refused ?? [];
  if (!state.batchId) {
    ({ uploaded, refused } = await uploadMissing({ ...opts, dir }, api, files, state, statePath));
    const keys = files.map((f) => state.uploaded[f]).filter(Boolean);
    if (keys.length) {
      const options = opts.tasks ? { tasks: opts.tasks as AnalyzeTask[] } : {};
      state.batchId = unwrap(await api.POST("/v1/batches", { body: { keys, options } })).id;
      state.refused = refused;
      if (statePath) await saveState(statePath, state);
    }
  }

  let lines: ResultLine[] = [];
  if (state.batchId) {
    await follow(opts, api, state.batchId);
    lines = await results(opts, state.batchId);
  }
  const fileByKey = new Map(Object.entries(state.uploaded).map(([f, k]) => [k, f]));
  const out = outputLines(lines, (key) => fileByKey.get(key) ?? key, refused);
  const text = opts.format === "csv" ? toCsv(out) : toJsonl(out);
  if (opts.out) {
    await writeFile(opts.out, text).catch((err: Error) => {
      throw new CliError(`cannot write ${opts.out}: ${err.message}`, EXIT.failed);
    });
    await removeState(statePath!);
  } else {
    process.stdout.write(text);
  }
  const failed = out.filter((l) => l.status === "failed").length;
  return { files: files.length, uploaded, resumed, refused, batchId: state.batchId, done: out.length - failed, failed, lines: out };
}
