import { readFile, rename, rm, writeFile } from "node:fs/promises";

/**
 * What an interrupted run needs to resume, kept next to --out: which files are
 * already uploaded (and under which key), and the batch once started.
 */
export interface RunState {
  version: 1;
  url: string;
  dir: string;
  /** Relative file path -> uploaded object key. */
  uploaded: Record<string, string>;
  batchId?: string;
  /** Files the upload refused, kept once the batch is started (they are in the output as failed). */
  refused?: { file: string; error: { code: string; detail?: string } }[];
}

export const statePathFor = (out: string) => `${out}.state.json`;

export async function loadState(path: string, url: string, dir: string): Promise<RunState> {
  try {
    const s = JSON.parse(await readFile(path, "utf8")) as RunState;
    // A state file from another server or folder says nothing about this run.
    if (s.version === 1 && s.url === url && s.dir === dir) return s;
  } catch {
    // absent or unreadable: start fresh
  }
  return { version: 1, url, dir, uploaded: {} };
}

let writing: Promise<void> = Promise.resolve();

/**
 * Atomic (temp file, then rename over the old one) and serialised, since
 * parallel uploads save as each one finishes.
 */
export function saveState(path: string, state: RunState): Promise<void> {
  const text = JSON.stringify(state, null, 2);
  const write = async () => {
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, path);
  };
  writing = writing.then(write, write);
  return writing;
}

export async function removeState(path: string): Promise<void> {
  await rm(path, { force: true });
}
