import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CliOptions } from "./args.ts";
import { IMAGE_EXTENSIONS, listImages } from "./files.ts";
import { createFaceflareClient, unwrap, type AnalyzeTask, type FaceflareClient } from "../client/index.ts";
import { fetchRetry, retryingFetch } from "./http.ts";
import { toCsv, toJsonl, type ResultLine } from "./output.ts";
import { ProgressBar } from "./progress.ts";
import { loadState, removeState, saveState, statePathFor, type RunState } from "./state.ts";
import { pool, requestSlots, uploadOne } from "./uploader.ts";

export interface RunSummary {
  files: number;
  uploaded: number;
  /** Files a previous, interrupted run had already uploaded. */
  resumed: number;
  rejected: { file: string; error: string }[];
  batchId: string;
  done: number;
  failed: number;
  out: string;
}

interface Progress {
  status: "running" | "completed";
  total: number;
  done: number;
  failed: number;
  pending: number;
  links: { results: string | null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function uploadMissing(opts: CliOptions, api: FaceflareClient, files: string[], state: RunState, statePath: string) {
  const rejected: { file: string; error: string }[] = [];
  let uploaded = 0;
  const bar = new ProgressBar("upload");
  const total = files.length;
  const already = () => files.filter((f) => state.uploaded[f]).length;
  // Slots that expired mid-run are replaced by fresh ones on the next pass.
  for (let pass = 0; pass < 3; pass++) {
    const todo = files.filter((f) => !state.uploaded[f] && !rejected.some((r) => r.file === f));
    if (!todo.length) break;
    const slots = await requestSlots(api, todo.length);
    const retry: string[] = [];
    bar.update(already(), total);
    await pool(todo.map((f, i) => [f, slots[i]] as const), opts.concurrency, async ([file, slot]) => {
      const r = await uploadOne(opts.dir, file, slot);
      if ("key" in r) {
        state.uploaded[file] = r.key;
        uploaded++;
        await saveState(statePath, state);
      } else if (r.permanent) rejected.push({ file, error: r.error });
      else retry.push(`${file}: ${r.error}`);
      bar.update(already(), total, rejected.length ? `(${rejected.length} rejected)` : "");
    });
    if (pass === 2 && retry.length) throw new Error(`uploads kept failing:\n${retry.join("\n")}`);
  }
  bar.finish();
  return { uploaded, rejected };
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

export async function runAnalyze(opts: CliOptions): Promise<RunSummary> {
  const headers: Record<string, string> = opts.key ? { authorization: `Bearer ${opts.key}` } : {};
  const api = createFaceflareClient({ baseUrl: opts.url, apiKey: opts.key, fetch: retryingFetch });
  const dir = resolve(opts.dir);
  const files = await listImages(dir);
  if (!files.length) throw new Error(`no images (${IMAGE_EXTENSIONS}) in ${dir}`);
  const statePath = statePathFor(opts.out);
  const state = await loadState(statePath, opts.url, dir);
  const resumed = files.filter((f) => state.uploaded[f]).length;
  if (resumed) process.stderr.write(`resuming: ${resumed} of ${files.length} files already uploaded${state.batchId ? `, batch ${state.batchId} started` : ""}\n`);

  let uploaded = 0;
  let rejected: { file: string; error: string }[] = [];
  if (!state.batchId) {
    ({ uploaded, rejected } = await uploadMissing({ ...opts, dir }, api, files, state, statePath));
    const keys = files.map((f) => state.uploaded[f]).filter(Boolean);
    if (!keys.length) throw new Error("no file could be uploaded");
    state.batchId = unwrap(await api.POST("/v1/batches", { body: { keys, options: opts.tasks ? { tasks: opts.tasks as AnalyzeTask[] } : {} } })).id;
    await saveState(statePath, state);
  }

  const progress = await follow(opts, api, state.batchId);
  const url = `${opts.url}/v1/batches/${state.batchId}/results.jsonl`;
  const res = await fetchRetry(url, () => ({ headers }));
  if (!res.ok) throw new Error(`${res.status} from ${url}: ${await res.text()}`);
  const lines = (await res.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l) as ResultLine);
  const fileByKey = new Map(Object.entries(state.uploaded).map(([f, k]) => [k, f]));
  const fileOf = (key: string) => fileByKey.get(key) ?? key;
  await writeFile(opts.out, opts.format === "csv" ? toCsv(lines, fileOf) : toJsonl(lines, fileOf));
  await removeState(statePath);
  return { files: files.length, uploaded, resumed, rejected, batchId: state.batchId, done: progress.done, failed: progress.failed, out: opts.out };
}
