/**
 * `npm run deploy`: Faceflare on Cloudflare in one go, and again without
 * harm. In order: log in if needed, find or create the R2 buckets, queues
 * (with the dead-letter queue) and KV namespaces wrangler.toml binds (KV ids
 * are written into wrangler.toml), the uploads bucket's lifecycle rules, put
 * models/ into the models bucket (sha256 checked on read-back), deploy the
 * Worker (with a new upload signing secret if it has none), create a first
 * API key if there is none, and print the URL.
 *
 *   npm run deploy [-- --config wrangler.toml --models models --key-name owner]
 *
 * Needs Workers Paid (README, "Deploy"). All of it goes through the wrangler
 * CLI; FACEFLARE_WRANGLER swaps in a fake for tests (test/node/deploy.test.ts).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { unstable_readConfig } from "wrangler";
import { createKey, kvKeyRunner, listKeys } from "../key-admin.ts";
import { ROOT, wranglerCommand } from "../wrangler-bin.ts";
import { withKvIds } from "./kv-ids.ts";
import { uploadModels } from "./models.ts";
import { ensureBucket, ensureKvNamespaces, ensureLifecycleRule, ensureQueue, type Outcome } from "./resources.ts";
import { Wrangler, WranglerError } from "./wrangler-cli.ts";

const SECRET = "UPLOAD_SIGNING_SECRET";
const DAY = 86_400;

/** What the deploy reads of wrangler.toml, as wrangler itself parses it. */
interface DeployConfig {
  name: string;
  r2_buckets: { binding: string; bucket_name: string }[];
  kv_namespaces: { binding: string; id?: unknown }[];
  queues: { producers?: { queue: string }[]; consumers?: { queue: string; dead_letter_queue?: string }[] };
  vars: Record<string, unknown>;
}

export interface DeployOptions {
  /** wrangler.toml (KV ids are written into it). */
  config: string;
  /** The models/ directory to put into the models bucket. */
  models: string;
  /** Name of the first API key, made when there is none. */
  keyName: string;
  /** Progress and summary lines; wrangler deploy's own output goes to `write`. */
  print?: (line: string) => void;
  write?: (chunk: string) => void;
}

export interface DeploySummary {
  resources: [string, Outcome | string][];
  url?: string;
  version?: string;
  /** The new API key, when this run made one (shown once). */
  key?: string;
}

interface WhoAmI {
  loggedIn: boolean;
  email?: string;
  accounts?: { id: string; name: string }[];
}

/** Logged in (a wrangler login, or CLOUDFLARE_API_TOKEN), with one account to deploy to. */
function account(w: Wrangler, log: (line: string) => void): WhoAmI {
  let who = w.try(["whoami", "--json"]);
  if (who.code !== 0 && process.stdin.isTTY && process.stdout.isTTY && !process.env.CLOUDFLARE_API_TOKEN) {
    log("not logged in to Cloudflare: running `wrangler login`");
    const [node, args] = wranglerCommand(["login"]);
    if (spawnSync(node, args, { stdio: "inherit", env: w.env }).status !== 0) throw new Error("wrangler login failed");
    who = w.try(["whoami", "--json"]);
  }
  if (who.code !== 0) throw new Error("not logged in to Cloudflare: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID), then `npm run deploy` again");
  const me = JSON.parse(who.stdout.slice(who.stdout.indexOf("{"))) as WhoAmI;
  const accounts = me.accounts ?? [];
  if (accounts.length > 1 && !process.env.CLOUDFLARE_ACCOUNT_ID) {
    throw new Error(`you have ${accounts.length} Cloudflare accounts; choose one with CLOUDFLARE_ACCOUNT_ID=<id>:\n${accounts.map((a) => `  ${a.id}  ${a.name}`).join("\n")}`);
  }
  return me;
}

/** Whether the deployed Worker has the signing secret (false when there is no Worker yet). */
function hasSecret(w: Wrangler): boolean {
  try {
    return w.json<{ name: string }[]>(["secret", "list", "--format", "json"]).some((s) => s.name === SECRET);
  } catch (err) {
    if (err instanceof WranglerError && /not found|does not exist|10007/i.test(err.output)) return false;
    throw err;
  }
}

export async function deploy(o: DeployOptions): Promise<DeploySummary> {
  const print = o.print ?? ((line: string) => console.log(line));
  const log = (line: string) => print(`[deploy] ${line}`);
  const configPath = resolve(ROOT, o.config);
  const w = new Wrangler(configPath);
  const me = account(w, log);
  log(`Cloudflare account of ${me.email ?? "this API token"}`);
  const config = unstable_readConfig({ config: configPath }) as unknown as DeployConfig;
  const done: [string, Outcome | string][] = [];

  for (const b of config.r2_buckets) done.push([`R2 bucket ${b.bucket_name}`, ensureBucket(w, b.bucket_name, log)]);
  const queues = new Set([...(config.queues.producers ?? []).map((p) => p.queue), ...(config.queues.consumers ?? []).flatMap((c) => [c.queue, c.dead_letter_queue])]);
  for (const q of [...queues].filter((q): q is string => !!q)) done.push([`queue ${q}`, ensureQueue(w, q, log)]);
  const wanted = config.kv_namespaces.map((ns) => ({
    binding: ns.binding,
    title: `${config.name}-${ns.binding.toLowerCase().replaceAll("_", "-")}`,
    configuredId: typeof ns.id === "string" ? ns.id : undefined,
  }));
  const namespaces = ensureKvNamespaces(w, wanted, log);
  const ids: Record<string, string> = {};
  for (const { binding, title } of wanted) {
    const { id, outcome } = namespaces.get(binding)!;
    ids[binding] = id;
    done.push([`KV namespace ${title} (${binding})`, outcome]);
  }
  const toml = readFileSync(configPath, "utf8");
  const updated = withKvIds(toml, ids);
  if (updated !== toml) {
    writeFileSync(configPath, updated);
    log(`wrote the KV namespace ids into ${o.config} (commit them to keep this deployment's config)`);
  }

  // Backstops for retention (README, "What is kept"): objects past their time, even if the Worker's sweep missed them.
  const uploads = config.r2_buckets.find((b) => b.binding === "UPLOADS")!.bucket_name;
  const vars = config.vars;
  const uploadDays = Math.max(1, Math.ceil(Number(vars.UPLOAD_RETENTION_SECONDS ?? DAY) / DAY));
  const resultDays = Math.ceil(Number(vars.RESULT_RETENTION_SECONDS ?? 7 * DAY) / DAY) + 1;
  done.push([`lifecycle ${uploads}/uploads/ ${uploadDays} d`, ensureLifecycleRule(w, uploads, `uploads-${uploadDays}d`, "uploads/", uploadDays, log)]);
  done.push([`lifecycle ${uploads}/batches/ ${resultDays} d`, ensureLifecycleRule(w, uploads, `batches-${resultDays}d`, "batches/", resultDays, log)]);

  const modelsBucket = config.r2_buckets.find((b) => b.binding === "MODELS")!.bucket_name;
  const models = uploadModels(w, modelsBucket, resolve(ROOT, o.models), log);
  done.push([`models in ${modelsBucket}`, `${models.uploaded.length} uploaded, ${models.unchanged.length} unchanged (sha256 checked)`]);

  const work = mkdtempSync(join(tmpdir(), "faceflare-deploy-"));
  let url: string | undefined;
  let version: string | undefined;
  try {
    const args = ["deploy"];
    if (!hasSecret(w)) {
      const secrets = join(work, "secrets.json");
      writeFileSync(secrets, JSON.stringify({ [SECRET]: randomBytes(32).toString("base64url") }), { mode: 0o600 });
      args.push("--secrets-file", secrets);
      done.push([`secret ${SECRET}`, "created"]);
    } else done.push([`secret ${SECRET}`, "reused"]);
    log(`wrangler ${args[0]}`);
    const out = await w.stream(args, o.write);
    url = /https:\/\/\S+\.workers\.dev/.exec(out.stdout)?.[0];
    version = /Current Version ID:\s*(\S+)/.exec(out.stdout)?.[1];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  let key: string | undefined;
  const kv = kvKeyRunner({ remote: true, config: configPath });
  const existing = listKeys(kv);
  if (existing.length === 0) {
    key = (await createKey(kv, o.keyName)).key;
    done.push([`API key "${o.keyName}"`, "created"]);
  } else done.push([`API keys`, `${existing.length} exist (npm run keys -- create <name> --remote for more)`]);

  print("\nFaceflare is deployed.\n");
  for (const [what, outcome] of done) print(`  ${what.padEnd(52)} ${outcome}`);
  print(`\n  URL      ${url ?? "(see wrangler's output above)"}`);
  if (version) print(`  version  ${version}   (roll back: npx wrangler rollback)`);
  if (key) print(`  API key  ${key}\n           (shown once; only its SHA-256 is stored)`);
  if (url) print(`\n  curl -H "authorization: Bearer <key>" -H 'content-type: image/jpeg' --data-binary @test/fixtures/demo/sample1.jpg ${url}/v1/analyze`);
  return { resources: done, url, version, key };
}

if (process.argv[1]?.endsWith("deploy.ts")) {
  const { values } = parseArgs({
    options: {
      config: { type: "string", default: "wrangler.toml" },
      models: { type: "string", default: "models" },
      "key-name": { type: "string", default: "owner" },
    },
  });
  deploy({ config: values.config!, models: values.models!, keyName: values["key-name"]! }).catch((err: Error) => {
    console.error(`[deploy] ${err.message}`);
    process.exit(1);
  });
}
