#!/usr/bin/env node
/**
 * A fake `wrangler` for test/node/deploy.test.ts: the commands `npm run deploy`
 * (and `npm run keys -- --remote`) use, against a pretend Cloudflare account
 * kept in FAKE_WRANGLER_STATE (a directory: state.json, objects/). Output and
 * errors follow the real wrangler's wording where the deploy reads them. Every
 * call is appended to FAKE_WRANGLER_STATE/calls.jsonl.
 *
 * state.json knobs: loggedIn (false: whoami fails), accounts, corruptPuts
 * (keys whose upload stores other bytes).
 */
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const dir = process.env.FAKE_WRANGLER_STATE;
if (!dir) throw new Error("FAKE_WRANGLER_STATE is not set");
const statePath = join(dir, "state.json");
const state = {
  loggedIn: true,
  accounts: [{ id: "a".repeat(32), name: "Test account" }],
  buckets: [],
  queues: [],
  namespaces: [],
  lifecycle: {},
  kv: {},
  secrets: {},
  worker: false,
  deploys: 0,
  corruptPuts: [],
  ...(existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : {}),
};

const argv = process.argv.slice(2);
const flags = new Map();
const positional = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i].startsWith("--")) {
    const [name, inline] = argv[i].slice(2).split("=", 2);
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (next === undefined || next.startsWith("--")) flags.set(name, true);
    else flags.set(name, next), i++;
  } else positional.push(argv[i]);
}
appendFileSync(join(dir, "calls.jsonl"), `${JSON.stringify(positional.concat([...flags.keys()].map((f) => `--${f}`)))}\n`);

const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));
const out = (text) => process.stdout.write(`${text}\n`);
function fail(message, code = 1) {
  process.stderr.write(`✘ [ERROR] ${message}\n`);
  process.exit(code);
}
const objectPath = (path) => join(dir, "objects", path);

/** The KV namespace id a `--binding` resolves to: the config's `id` for it. */
function namespaceOfBinding(binding) {
  const toml = readFileSync(flags.get("config"), "utf8");
  const table = toml.split("[[kv_namespaces]]").slice(1).find((t) => new RegExp(`binding\\s*=\\s*"${binding}"`).test(t.split("\n[")[0]));
  const id = table && /\bid\s*=\s*"([^"]+)"/.exec(table.split("\n[")[0])?.[1];
  if (!id || !state.namespaces.some((n) => n.id === id)) fail(`No namespace ID is configured for binding "${binding}".`);
  return id;
}

// The command's words without its arguments: "queues info", "r2 bucket create", ...
const words = positional[0] === "r2" || positional[0] === "kv" ? 3 : positional[0] === "queues" || positional[0] === "secret" ? 2 : 1;
const cmd = positional.slice(0, words).join(" ");
if (!state.loggedIn && cmd !== "login") {
  if (cmd === "whoami") out(JSON.stringify({ loggedIn: false }));
  fail("You are not authenticated. Please run `wrangler login`.");
}

if (cmd === "login") {
  state.loggedIn = true;
} else if (cmd === "whoami") {
  out(JSON.stringify({ loggedIn: true, authType: "OAuth Token", email: "owner@example.com", accounts: state.accounts }, null, 2));
} else if (cmd === "r2 bucket info") {
  const name = positional[3];
  if (!state.buckets.includes(name)) fail("The specified bucket does not exist. [code: 10006]");
  out(JSON.stringify({ name, created: "2026-01-01T00:00:00.000Z", location: "WEUR" }));
} else if (cmd === "r2 bucket create") {
  const name = positional[3];
  if (state.buckets.includes(name)) fail("The bucket you tried to create already exists, and you own it. [code: 10004]");
  state.buckets.push(name);
  out(`Creating bucket '${name}'...\n✅ Created bucket '${name}' with default storage class of Standard.`);
} else if (cmd === "r2 bucket lifecycle") {
  const [, , , sub, bucket, id, prefix] = positional;
  if (!state.buckets.includes(bucket)) fail("The specified bucket does not exist. [code: 10006]");
  const rules = (state.lifecycle[bucket] ??= []);
  if (sub === "list") out(rules.length ? rules.map((r) => `name:     ${r.id}\nenabled:  Yes\nprefix:   ${r.prefix}\naction:   Expire objects after ${r.days} days`).join("\n\n") : `There are no lifecycle rules for bucket '${bucket}'.`);
  else if (sub === "add") {
    if (!flags.get("force")) fail("confirmation needed (fake: pass --force)");
    rules.push({ id, prefix, days: Number(flags.get("expire-days")) });
    out(`✨ Added lifecycle rule '${id}' to bucket '${bucket}'.`);
  } else fail(`fake wrangler: unsupported ${argv.join(" ")}`, 2);
} else if (cmd === "queues info") {
  const name = positional[2];
  // Like the API's name filter, a lookup can answer with a queue whose name merely starts the same.
  const queue = state.queues.find((q) => q === name) ?? state.queues.find((q) => q.startsWith(name));
  if (!queue) fail(`Queue "${name}" does not exist. To create it, run: wrangler queues create ${name}`);
  out(`Queue Name: ${queue}\nQueue ID: ${createHash("md5").update(queue).digest("hex")}\nNumber of Producers: 0\nNumber of Consumers: 0`);
} else if (cmd === "queues create") {
  const name = positional[2];
  if (state.queues.includes(name)) fail("Queue name already taken [code: 11009]");
  state.queues.push(name);
  out(`🌀 Creating queue '${name}'\n✅ Created queue '${name}'`);
} else if (cmd === "kv namespace list") {
  out(JSON.stringify(state.namespaces, null, "  "));
} else if (cmd === "kv namespace create") {
  const title = positional[3];
  if (state.namespaces.some((n) => n.title === title)) fail(`A KV namespace with the title "${title}" already exists.`);
  const id = randomBytes(16).toString("hex");
  state.namespaces.push({ id, title, supports_url_encoding: true });
  out(`🌀 Creating namespace with title "${title}"\n✨ Success!\n[[kv_namespaces]]\nbinding = "${title}"\nid = "${id}"`);
} else if (cmd === "kv key list") {
  const data = state.kv[namespaceOfBinding(flags.get("binding"))] ?? {};
  const prefix = flags.get("prefix") || "";
  out(JSON.stringify(Object.entries(data).filter(([k]) => k.startsWith(prefix)).map(([name, v]) => ({ name, metadata: v.metadata }))));
} else if (cmd === "kv key put") {
  const id = namespaceOfBinding(flags.get("binding"));
  (state.kv[id] ??= {})[positional[3]] = { value: positional[4], metadata: JSON.parse(flags.get("metadata") ?? "null") };
} else if (cmd === "r2 object get" || cmd === "r2 object put") {
  const [bucket] = positional[3].split("/");
  if (!state.buckets.includes(bucket)) fail("The specified bucket does not exist.");
  if (!flags.get("remote")) fail("fake wrangler: expected --remote", 2);
  const path = objectPath(positional[3]);
  if (cmd === "r2 object get") {
    if (!existsSync(path)) fail("The specified key does not exist.");
    copyFileSync(path, flags.get("file"));
  } else {
    mkdirSync(dirname(path), { recursive: true });
    const bytes = readFileSync(flags.get("file"));
    if (state.corruptPuts.includes(positional[3].slice(bucket.length + 1))) bytes[0] ^= 0xff;
    writeFileSync(path, bytes);
    out(`Upload complete.`);
  }
} else if (cmd === "secret list") {
  if (!state.worker) fail(`Worker "faceflare" not found.\nIf this is a new Worker, run \`wrangler deploy\` first to create it.`);
  out(JSON.stringify(Object.keys(state.secrets).map((name) => ({ name, type: "secret_text" })), null, "  "));
} else if (cmd === "deploy") {
  const toml = readFileSync(flags.get("config"), "utf8");
  for (const name of [...toml.matchAll(/bucket_name\s*=\s*"([^"]+)"/g)].map((m) => m[1])) if (!state.buckets.includes(name)) fail(`R2 bucket '${name}' not found [code: 10085]`);
  for (const name of [...toml.matchAll(/(?:queue|dead_letter_queue)\s*=\s*"([^"]+)"/g)].map((m) => m[1])) if (!state.queues.includes(name)) fail(`Queue "${name}" does not exist.`);
  for (const binding of ["CACHE", "KEYS"]) namespaceOfBinding(binding);
  if (flags.has("secrets-file")) Object.assign(state.secrets, JSON.parse(readFileSync(flags.get("secrets-file"), "utf8")));
  if (!state.secrets.UPLOAD_SIGNING_SECRET) fail("The following required secrets have not been set: UPLOAD_SIGNING_SECRET");
  state.worker = true;
  state.deploys++;
  out(`Total Upload: 14477.50 KiB / gzip: 3891.65 KiB\nUploaded faceflare (3.21 sec)\nDeployed faceflare triggers (1.02 sec)\n  https://faceflare.fake-sub.workers.dev\n  schedule: */30 * * * *\nCurrent Version ID: 0000000${state.deploys}-1111-2222-3333-444444444444`);
} else {
  fail(`fake wrangler: unsupported ${argv.join(" ")}`, 2);
}
save();
