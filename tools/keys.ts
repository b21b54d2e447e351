/**
 * API key admin: `npm run keys -- <command>`.
 *
 *   create <name> [--rpm 120] [--batches 4] [--frames 5000] [--bytes-per-day 2147483648] [--ttl <seconds>]
 *   revoke <id>      (the full id, or a unique prefix of at least 8 hex digits)
 *   list
 *   ... [--remote] [--json] [--config wrangler.toml]
 *
 * Works on the KEYS KV namespace through wrangler: the local one `wrangler dev`
 * uses by default (`--persist-to .wrangler/state`), or the deployed one with
 * `--remote` (after `npm run deploy`, which writes the namespace id into wrangler.toml).
 * The plain key is printed once by `create` and stored nowhere.
 */
import { parseArgs } from "node:util";
import type { Limits } from "../src/auth/key-record.ts";
import { MIN_ID_PREFIX } from "../src/auth/key-store.ts";
import { createKey, kvKeyRunner, listKeys, revokeKey } from "./key-admin.ts";

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rpm: { type: "string" },
    batches: { type: "string" },
    frames: { type: "string" },
    "bytes-per-day": { type: "string" },
    ttl: { type: "string" },
    remote: { type: "boolean", default: false },
    config: { type: "string" },
    "persist-to": { type: "string", default: ".wrangler/state" },
    json: { type: "boolean", default: false },
  },
});

function limitsFromFlags(): Partial<Limits> {
  const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const out: Partial<Limits> = { requestsPerMinute: n(opts.rpm), concurrentBatches: n(opts.batches), framesPerClip: n(opts.frames), bytesPerDay: n(opts["bytes-per-day"]) };
  for (const [k, v] of Object.entries(out)) {
    if (v === undefined) delete out[k as keyof Limits];
    else if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${k}: not a whole number: ${v}`);
  }
  return out;
}

async function main() {
  const kv = kvKeyRunner({ remote: opts.remote, persistTo: opts["persist-to"], config: opts.config });
  const [command, arg] = positionals;
  if (command === "create") {
    if (!arg) throw new Error("usage: keys create <name> [--rpm N] [--batches N] [--frames N] [--bytes-per-day N] [--ttl S]");
    const { key, record } = await createKey(kv, arg, limitsFromFlags(), opts.ttl ? Number(opts.ttl) : undefined);
    if (opts.json) console.log(JSON.stringify({ key, ...record }));
    else console.log(`created key "${record.name}" id ${record.id}\nlimits ${JSON.stringify(record.limits)}\n\n  ${key}\n\n(shown once; only its SHA-256 is stored)`);
  } else if (command === "revoke") {
    if (!arg) throw new Error(`usage: keys revoke <id>  (the full id, or a unique prefix of at least ${MIN_ID_PREFIX} hex digits)`);
    const record = revokeKey(kv, arg);
    console.log(`revoked ${record.id} ("${record.name}")`);
  } else if (command === "list") {
    const rows = listKeys(kv).map((k) => k.metadata).filter(Boolean);
    if (opts.json) console.log(JSON.stringify(rows));
    else for (const r of rows) console.log([r!.id, r!.name, r!.createdAt, r!.revokedAt ? `revoked ${r!.revokedAt}` : r!.expiresAt ? `expires ${r!.expiresAt}` : "active"].join("\t"));
  } else {
    throw new Error("usage: npm run keys -- create <name> | revoke <id> | list   [--remote | --persist-to <dir>] [--config <wrangler.toml>]");
  }
}

main().catch((err: Error) => {
  console.error(`keys: ${err.message}`);
  process.exit(1);
});
