import type { Photo } from "./photos.ts";
import type { RequestSample } from "./types.ts";

export interface LoopOptions {
  /** Untimed passes over all photos first (JIT, lazy model loading, allocator growth). */
  warmup: number;
  /** Timed passes over all photos. */
  iterations: number;
}

export interface Analysis {
  faces: number;
  stages: Record<string, number>;
}

/**
 * Runs `analyze` on every photo, `warmup` untimed passes then `iterations`
 * timed ones, photos interleaved so a burst of machine noise spreads over
 * all photos instead of hitting one. `cpuMs` reads the cumulative CPU time of
 * whatever process does the work.
 */
export async function timedLoop(
  photos: Photo[],
  options: LoopOptions,
  analyze: (photo: Photo) => Promise<Analysis>,
  cpuMs: () => number,
): Promise<{ samples: RequestSample[]; cpuMs: number; loopWallMs: number }> {
  for (let i = 0; i < options.warmup; i++) for (const p of photos) await analyze(p);
  const samples: RequestSample[] = [];
  const cpu0 = cpuMs();
  const loop0 = performance.now();
  for (let i = 0; i < options.iterations; i++) {
    for (const p of photos) {
      const t0 = performance.now();
      const r = await analyze(p);
      samples.push({ photo: p.name, faces: r.faces, wallMs: performance.now() - t0, stages: r.stages });
    }
  }
  return { samples, cpuMs: cpuMs() - cpu0, loopWallMs: performance.now() - loop0 };
}

/** CPU time of this Node process (user + system, all threads), ms. */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
