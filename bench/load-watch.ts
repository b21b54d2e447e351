/**
 * What the load test watches while it runs: how fast GET /v1/health answers
 * (the isolate still serving), and the resident memory of the workerd
 * processes under `wrangler dev` (start, peak, end).
 */
import { findWorkerds, memoryOf } from "./proc.ts";

export interface HealthSample {
  /** ms since the watch started. */
  at: number;
  ms: number;
  status: number;
}

/** GET /v1/health every `everyMs`, one at a time, until stopped. */
export function watchHealth(url: string, everyMs: number) {
  const samples: HealthSample[] = [];
  const t0 = performance.now();
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const start = performance.now();
      let status = 0;
      try {
        const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(60_000) });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      const ms = performance.now() - start;
      samples.push({ at: start - t0, ms, status });
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - ms)));
    }
  })();
  return {
    samples,
    /** Samples taken between two moments (performance.now() values). */
    between: (from: number, to: number) => samples.filter((s) => s.at + t0 >= from && s.at + t0 <= to),
    stop: async () => {
      stop = true;
      await loop;
    },
  };
}

export interface MemoryWatch {
  pid: number;
  startBytes: number;
  peakBytes: number;
  endBytes: number;
}

/** Samples VmRSS of every workerd under `wranglerPid` every `everyMs`. */
export function watchMemory(wranglerPid: number, everyMs = 250) {
  const pids = findWorkerds(wranglerPid);
  const watch = new Map<number, MemoryWatch>();
  const sample = () => {
    for (const pid of pids) {
      try {
        const { rssBytes } = memoryOf(pid);
        const w = watch.get(pid) ?? { pid, startBytes: rssBytes, peakBytes: rssBytes, endBytes: rssBytes };
        w.peakBytes = Math.max(w.peakBytes, rssBytes);
        w.endBytes = rssBytes;
        watch.set(pid, w);
      } catch {
        // exited
      }
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: (): MemoryWatch[] => {
      clearInterval(timer);
      sample();
      return [...watch.values()].sort((a, b) => b.peakBytes - a.peakBytes);
    },
  };
}
