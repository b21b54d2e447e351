import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

/** Linux /proc readers for the process under test (workerd). */

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

function stat(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  // comm may contain spaces: fields restart after the closing paren.
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

const parentOf = (pid: number): number => Number(stat(pid)[1]);
const commOf = (pid: number): string => readFileSync(`/proc/${pid}/comm`, "utf8").trim();

/** Every live descendant of `root` (children, grandchildren, ...). */
export function descendants(root: number): number[] {
  const pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
  const parent = new Map<number, number>();
  for (const pid of pids) {
    try {
      parent.set(pid, parentOf(pid));
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [child, pp] of parent) if (pp === p) (out.push(child), queue.push(child));
  }
  return out;
}

/** The workerd processes wrangler dev started (descendants of wrangler's pid). */
export function findWorkerds(wranglerPid: number): number[] {
  return descendants(wranglerPid).filter((pid) => {
    try {
      return commOf(pid) === "workerd";
    } catch {
      return false;
    }
  });
}

/** VmRSS and VmHWM (peak RSS) in bytes. */
export function memoryOf(pid: number): { rssBytes: number; hwmBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rssBytes: kb("VmRSS"), hwmBytes: kb("VmHWM") };
}

/**
 * Resets a process's VmHWM to its current RSS (Linux clear_refs "5"), so a
 * later VmHWM is the peak since now, synchronous stretches included. False
 * where the kernel or permissions refuse.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU time of a whole process (all its threads), ms; 1/CLK_TCK resolution. */
export function cpuMsOf(pid: number): number {
  const f = stat(pid);
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
}
