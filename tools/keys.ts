/**
 * API key admin: `npm run keys -- <command>` (see USAGE).
 *
 * Works on the KEYS KV namespace through wrangler: the local one `wrangler dev`
 * uses by default (`--persist-to .wrangler/state`), or the deployed one with
 * `--remote` (after `npm run deploy`, which writes the namespace id into wrangler.toml).
 * The plain key is printed once by `create` and stored nowhere.
 */
import { resolve } from "node:path";
import { hashApiKey, keyIdOf } from "../src/auth/api-key.ts";
import type { Limits } from "../src/auth/key-record.ts";
import { MIN_ID_PREFIX } from "../src/auth/key-store.ts";
import { createKey, kvKeyRunner, listKeys, revokeKey } from "./key-admin.ts";
import { ROOT } from "./wrangler-bin.ts";
import { DEV_VARS, readDevVars } from "./dev-vars.mjs";
import { toolArgs } from "./tool-args.ts";

const USAGE = `Usage: npm run keys -- <command> [options]

Commands:
  create <name>   make a key; prints it once (only its SHA-256 is stored)
                  [--rpm N] [--batches N] [--frames N] [--bytes-per-day N] [--ttl SECONDS]
  list            every key: id, name, created, state; locally also the
                  development key of .dev.vars (DEV_API_KEY)
  revoke <id>     revoke a key by its full id or a unique prefix of at least 8 hex digits
  dev             print the development key (for: export KEY=$(npm run -s keys -- dev))

Options:
  --remote            the deployed KEYS namespace (after npm run deploy) instead of the local one
  --config <file>     the wrangler.toml to read the KEYS binding from
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
    config: { type: "string" },
    "persist-to": { type: "string", default: ".wrangler/state" },
    "dev-vars": { type: "string", default: DEV_VARS },
    json: { type: "boolean", default: false },
  },
  { allowPositionals: true },
);

function limitsFromFlags(): Partial<Limits> {
  const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const out: Partial<Limits> = { requestsPerMinute: n(opts.rpm), concurrentBatches: n(opts.batches), framesPerClip: n(opts.frames), bytesPerDay: n(opts["bytes-per-day"]) };
  for (const [k, v] of Object.entries(out)) {
    if (v === undefined) delete out[k as keyof Limits];
    else if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${k}: not a whole number: ${v}`);
  }
  return out;
}

/** The development key of .dev.vars, which `wrangler dev` accepts without a KV record (local only). */
function devKey(): string | undefined {
  const key = readDevVars(resolve(ROOT, opts["dev-vars"]!)).DEV_API_KEY;
  return key && key.length >= 16 ? key : undefined;
}

async function main() {
  const kv = kvKeyRunner({ remote: opts.remote, persistTo: opts["persist-to"], config: opts.config });
  const [command, arg] = positionals;
  if (command === "create") {
    if (!arg) throw new Error(`create needs a name\n\n${USAGE}`);
    const { key, record } = await createKey(kv, arg, limitsFromFlags(), opts.ttl ? Number(opts.ttl) : undefined);
    if (opts.json) console.log(JSON.stringify({ key, ...record }));
    else console.log(`created key "${record.name}" id ${record.id}\nlimits ${JSON.stringify(record.limits)}\n\n  ${key}\n\n(shown once; only its SHA-256 is stored)`);
  } else if (command === "revoke") {
    if (!arg) throw new Error(`revoke needs an id (the full id, or a unique prefix of at least ${MIN_ID_PREFIX} hex digits)\n\n${USAGE}`);
    const record = revokeKey(kv, arg);
    console.log(`revoked ${record.id} ("${record.name}")`);
  } else if (command === "list") {
    const rows = listKeys(kv).map((k) => k.metadata).filter(Boolean);
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
