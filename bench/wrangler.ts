import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { seedLocalR2 } from "../tools/seed/seed-local-r2.ts";
import { freePort, startWranglerDev as startDev, type WranglerDev } from "../tools/wrangler-dev.ts";
import { ROOT } from "./photos.ts";
import { findWorkerds } from "./proc.ts";
import { snapshotWorker } from "./snapshot.ts";

/**
 * `wrangler dev` on loopback for the bench: serving a snapshot of the
 * sources (see snapshot.ts), its own persistence dir (so it neither disturbs
 * nor is disturbed by someone's `npm run dev`) seeded from models/ the same
 * way `npm run dev` does it, free ports.
 */
export const BENCH_STATE = ".wrangler/bench-state";

export interface DevServer {
  url: string;
  /** wrangler's devtools proxy (Chrome DevTools Protocol over WebSocket). */
  inspectorPort: number;
  /** Send as `Authorization: Bearer <apiKey>`: wrangler dev gets it as DEV_API_KEY. */
  apiKey: string;
  wranglerPid: number;
  /** wrangler dev runs two workerd processes: a proxy on our port and the one hosting the Worker. */
  workerdPids: number[];
  /** Spawn until GET /v1/health answers 200. */
  startMs: number;
  /** Lines where wrangler says it reloaded the Worker (a file changed under it). */
  reloads: () => string[];
  /** Everything wrangler printed so far. */
  output: () => string[];
  stop: () => Promise<void>;
}

export function seedBenchState(log: (line: string) => void): void {
  seedLocalR2({ persistTo: join(ROOT, BENCH_STATE), log: (l) => log(`[seed] ${l}`) });
}

export async function startWranglerDev(log: (line: string) => void): Promise<DevServer> {
  const inspector = await freePort();
  const apiKey = `bench-${randomBytes(16).toString("hex")}`;
  const snapshot = snapshotWorker();
  const t0 = performance.now();
  let dev: WranglerDev;
  try {
    dev = await startDev({
      persistTo: join(ROOT, BENCH_STATE),
      cwd: snapshot.dir,
      inspectorPort: inspector,
      vars: { DEV_API_KEY: apiKey },
      extraArgs: ["--log-level", "info"],
    });
  } catch (e) {
    snapshot.remove();
    log((e as Error).message);
    throw e;
  }
  const startMs = performance.now() - t0;
  const stop = async () => {
    await dev.stop();
    snapshot.remove();
  };
  const workerdPids = findWorkerds(dev.child.pid!);
  if (!workerdPids.length) {
    await stop();
    throw new Error("could not find the workerd process under wrangler dev");
  }
  const reloads = () => dev.output().filter((l) => /reload/i.test(l));
  const reloadsAtStart = reloads().length;
  return {
    url: dev.url,
    inspectorPort: inspector,
    apiKey,
    wranglerPid: dev.child.pid!,
    workerdPids,
    startMs,
    reloads: () => reloads().slice(reloadsAtStart),
    output: dev.output,
    stop,
  };
}
