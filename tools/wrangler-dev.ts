import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { ROOT, wranglerEnv, wranglerCommand } from "./wrangler-bin.ts";

/**
 * `wrangler dev` (Node 22) on a free loopback port for tests, the bench and
 * the load test, on its own persistence dir (seed it first with
 * seedLocalR2), ready once GET /v1/health answers.
 */
export { ROOT };

export interface WranglerDevOptions {
  persistTo: string;
  /** Passed as `--var NAME:value` (secrets such as DEV_API_KEY). */
  vars?: Record<string, string>;
  /** Where wrangler runs (a snapshot of the sources for the bench); the repo by default. */
  cwd?: string;
  /** Chrome DevTools Protocol port; 0 lets wrangler choose. */
  inspectorPort?: number;
  extraArgs?: string[];
  timeoutMs?: number;
}

export interface WranglerDev {
  url: string;
  child: ChildProcess;
  /** Everything wrangler printed so far, line by line. */
  output: () => string[];
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export async function startWranglerDev(opts: WranglerDevOptions): Promise<WranglerDev> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const vars = Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const [node, args] = wranglerCommand(["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(opts.inspectorPort ?? 0)]);
  args.push("--persist-to", opts.persistTo, "--show-interactive-dev-session=false", ...vars, ...(opts.extraArgs ?? []));
  const child = spawn(node, args, {
    cwd: opts.cwd ?? ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...wranglerEnv(), CI: "1" },
  });
  const lines: string[] = [];
  for (const s of [child.stdout!, child.stderr!]) s.on("data", (d: Buffer) => lines.push(...d.toString().split("\n").filter(Boolean)));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5000).unref();
    await exited;
  };
  const deadline = performance.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer ${url}/v1/health:\n${lines.slice(-30).join("\n")}`);
    }
    try {
      if ((await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(5000) })).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, output: () => lines, stop };
}
