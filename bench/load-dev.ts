import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintKey } from "../src/auth/key-store.ts";
import type { Limits } from "../src/auth/key-record.ts";
import { ROOT } from "./photos.ts";
import { seedLocalR2 } from "../tools/seed/seed-local-r2.ts";
import { freePort, startWranglerDev } from "../tools/wrangler-dev.ts";
import { wranglerEnv, wranglerCommand } from "../tools/wrangler-bin.ts";

/**
 * `wrangler dev` for the load test: its own state dir (models seeded as
 * `npm run dev` does), API keys written into its local KEYS namespace in one
 * `wrangler kv bulk put`, secrets passed with --var.
 */
export const LOAD_STATE = join(ROOT, ".wrangler/load-state");

export async function provisionKeys(specs: { name: string; limits: Partial<Limits> }[]) {
  const minted = await Promise.all(specs.map((s) => mintKey(s.name, s.limits)));
  const file = join(mkdtempSync(join(tmpdir(), "faceflare-load-")), "keys.json");
  writeFileSync(file, JSON.stringify(minted.map((m) => ({ key: m.kvKey, value: JSON.stringify(m.record), metadata: m.metadata }))));
  const [node, args] = wranglerCommand(["kv", "bulk", "put", file, "--binding", "KEYS", "--local", "--persist-to", LOAD_STATE]);
  execFileSync(node, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: wranglerEnv() });
  return minted.map((m) => ({ key: m.key, record: m.record }));
}

export async function startLoadServer(log: (line: string) => void) {
  seedLocalR2({ persistTo: LOAD_STATE, log: (l) => log(`[seed] ${l}`) });
  const inspectorPort = await freePort(); // the isolate's memory is read through it
  const dev = await startWranglerDev({ persistTo: LOAD_STATE, inspectorPort, vars: { UPLOAD_SIGNING_SECRET: `load-test-signing-secret-${Date.now()}` } });
  return { ...dev, inspectorPort };
}
