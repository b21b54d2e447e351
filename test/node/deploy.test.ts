import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy as runDeploy } from "../../tools/deploy/deploy.ts";
import { withKvIds } from "../../tools/deploy/kv-ids.ts";
import { parseJsonOutput } from "../../tools/deploy/wrangler-cli.ts";
import { planSeed } from "../../tools/seed/seed-plan.ts";
import { ROOT } from "../../tools/wrangler-bin.ts";
import { tinyEntry, tinyManifest, tinyModelBytes, tinyWeights } from "../worker/setup/tiny-model.ts";

// `npm run deploy` against a fake wrangler (test/node/fake-wrangler.mjs) that
// keeps a pretend Cloudflare account on disk: the order of the calls, what a
// first run creates, that a second run creates and uploads nothing, and that
// a model whose stored bytes are not the local ones stops the deploy.
const PROVISIONED = { id: "1".repeat(32), title: "faceflare-cache" };
let work: string;
let state: string;
let config: string;
let models: string;

interface Account {
  buckets: string[];
  queues: string[];
  namespaces: { id: string; title: string }[];
  lifecycle: Record<string, { id: string; prefix: string; days: number }[]>;
  secrets: Record<string, string>;
  kv: Record<string, Record<string, unknown>>;
  deploys: number;
  corruptPuts: string[];
}

const account = () => JSON.parse(readFileSync(join(state, "state.json"), "utf8")) as Account;
const setAccount = (patch: Partial<Account>) => writeFileSync(join(state, "state.json"), JSON.stringify({ ...account(), ...patch }));

function calls(): string[] {
  return readFileSync(join(state, "calls.jsonl"), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as string[]).filter((a) => a !== "--config").join(" "));
}

/** One `npm run deploy` (in this process; every wrangler call is a fake-wrangler process). */
async function deploy() {
  rmSync(join(state, "calls.jsonl"), { force: true });
  const lines: string[] = [];
  let status = 0;
  try {
    await runDeploy({ config, models, keyName: "owner", print: (l) => lines.push(l), write: (c) => lines.push(c) });
  } catch (err) {
    status = 1;
    lines.push((err as Error).message);
  }
  return { status, out: lines.join("\n"), calls: calls() };
}

const savedEnv = { ...process.env };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "faceflare-deploy-test-"));
  state = join(work, "account");
  mkdirSync(state);
  // As if an earlier plain `wrangler deploy` had provisioned the cache namespace (wrangler names it <worker>-<binding>).
  writeFileSync(join(state, "state.json"), JSON.stringify({ namespaces: [PROVISIONED] }));
  // A small models/ (two tiny models and their manifest): the upload logic is
  // the same for any size, the calls are fewer.
  models = join(work, "models");
  mkdirSync(models);
  const [a, b] = [tinyModelBytes(tinyWeights(1)), tinyModelBytes(tinyWeights(2))];
  writeFileSync(join(models, "a.onnx"), a);
  writeFileSync(join(models, "b.onnx"), b);
  writeFileSync(join(models, "manifest.json"), JSON.stringify(tinyManifest([tinyEntry("a", "a.onnx", a), tinyEntry("b", "b.onnx", b)])));
  // The repo's wrangler.toml, its paths made absolute so it can live elsewhere.
  config = join(work, "wrangler.toml");
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8")
    .replace(/^main = "(.+)"$/m, (_, p: string) => `main = "${join(ROOT, p)}"`)
    .replace(/^directory = "(.+)"$/m, (_, p: string) => `directory = "${join(ROOT, p)}"`);
  writeFileSync(config, toml);
  process.env.FACEFLARE_WRANGLER = join(ROOT, "test/node/fake-wrangler.mjs");
  process.env.FAKE_WRANGLER_STATE = state;
});

afterAll(() => {
  process.env = savedEnv;
  rmSync(work, { recursive: true, force: true });
});

describe("npm run deploy (fake wrangler)", () => {
  it("creates every resource (adopting a namespace wrangler provisioned), uploads and verifies the models, sets the secret, deploys and makes a first key", async () => {
    const r = await deploy();
    expect(r.status, r.out).toBe(0);
    const a = account();
    expect(a.buckets.sort()).toEqual(["faceflare-models", "faceflare-uploads"]);
    expect(a.queues.sort()).toEqual(["faceflare-batch", "faceflare-batch-dlq"]);
    expect(a.namespaces.map((n) => n.title).sort()).toEqual(["faceflare-cache", "faceflare-keys"]);
    expect(a.namespaces.find((n) => n.title === "faceflare-cache")!.id).toBe(PROVISIONED.id);
    expect(r.calls.filter((c) => c.startsWith("kv namespace create"))).toEqual(["kv namespace create faceflare-keys"]);
    expect(a.lifecycle["faceflare-uploads"]).toEqual([
      { id: "uploads-1d", prefix: "uploads/", days: 1 },
      { id: "batches-8d", prefix: "batches/", days: 8 },
    ]);
    // The ids are written into the config, where wrangler reads them.
    const toml = readFileSync(config, "utf8");
    for (const n of a.namespaces) expect(toml).toContain(`id = "${n.id}"`);

    // Every model file and the manifest, byte for byte, the manifest last.
    const files = planSeed(models, {}).files;
    for (const f of files) {
      const stored = readFileSync(join(state, "objects/faceflare-models", f.key));
      expect(createHash("sha256").update(stored).digest("hex"), f.key).toBe(f.sha256);
    }
    const puts = r.calls.filter((c) => c.startsWith("r2 object put")).map((c) => c.split(" ")[3]);
    expect(puts.at(-1)).toBe("faceflare-models/manifest.json");
    expect(puts).toHaveLength(files.length);

    expect(a.secrets.UPLOAD_SIGNING_SECRET).toMatch(/^[\w-]{43}$/);
    expect(r.calls.find((c) => c.startsWith("deploy"))).toContain("--secrets-file");
    const keys = Object.keys(a.kv[a.namespaces.find((n) => n.title === "faceflare-keys")!.id]);
    expect(keys).toHaveLength(1);
    expect(r.out).toMatch(/API key +ff_[\w-]{20,}/);
    expect(r.out).toContain("https://faceflare.fake-sub.workers.dev");

    // Resources before the models, the models before the deploy, the key after it.
    const at = (prefix: string) => r.calls.findIndex((c) => c.startsWith(prefix));
    expect(at("whoami")).toBe(0);
    expect(at("r2 bucket create")).toBeLessThan(at("r2 object put"));
    expect(at("kv namespace create")).toBeLessThan(at("deploy"));
    expect(at("r2 object put")).toBeLessThan(at("deploy"));
    expect(at("deploy")).toBeLessThan(at("kv key put"));
  });

  it("run again, reuses everything: nothing created or uploaded, the secret and key kept", async () => {
    const before = account();
    const toml = readFileSync(config, "utf8");
    const r = await deploy();
    expect(r.status, r.out).toBe(0);
    const created = r.calls.filter((c) => /create|put|lifecycle add/.test(c));
    expect(created).toEqual([]);
    expect(r.calls.find((c) => c.startsWith("deploy"))).not.toContain("--secrets-file");
    const after = account();
    expect(after.secrets).toEqual(before.secrets);
    expect(after.kv).toEqual(before.kv);
    expect(after.deploys).toBe(before.deploys + 1);
    expect(readFileSync(config, "utf8")).toBe(toml);
    expect(r.out).toContain("0 uploaded, 3 unchanged");
  });

  it("re-uploads a model whose stored bytes changed, and stops when the stored bytes stay wrong", async () => {
    const key = planSeed(models, {}).files.find((f) => f.key.endsWith(".onnx"))!.key;
    const path = join(state, "objects/faceflare-models", key);
    writeFileSync(path, Buffer.from("not the model"));
    let r = await deploy();
    expect(r.status, r.out).toBe(0);
    expect(r.calls.filter((c) => c.startsWith("r2 object put")).map((c) => c.split(" ")[3])).toEqual([`faceflare-models/${key}`]);

    writeFileSync(path, Buffer.from("not the model"));
    setAccount({ corruptPuts: [key] });
    r = await deploy();
    expect(r.status).toBe(1);
    expect(r.out).toMatch(new RegExp(`${key.replace(".", "\\.")}: read back sha256 [0-9a-f]{64}, uploaded [0-9a-f]{64}`));
    expect(r.calls.some((c) => c.startsWith("deploy"))).toBe(false);
    setAccount({ corruptPuts: [] });
  });
});

describe("deploy helpers", () => {
  it("writes KV ids into their tables, keeping comments, and replaces a stale id", () => {
    const toml = `# top\n[[kv_namespaces]]\nbinding = "CACHE"\n\n# keys\n[[kv_namespaces]]\nbinding = "KEYS"\nid = "${"0".repeat(32)}"\n\n[vars]\nX = "1"\n`;
    const out = withKvIds(toml, { CACHE: "a".repeat(32), KEYS: "b".repeat(32) });
    expect(out).toBe(`# top\n[[kv_namespaces]]\nbinding = "CACHE"\nid = "${"a".repeat(32)}"\n\n# keys\n[[kv_namespaces]]\nbinding = "KEYS"\nid = "${"b".repeat(32)}"\n\n[vars]\nX = "1"\n`);
    expect(withKvIds(out, { CACHE: "a".repeat(32) })).toBe(out);
    expect(() => withKvIds(toml, { NOPE: "c".repeat(32) })).toThrow(/NOPE/);
    expect(() => withKvIds(toml, { CACHE: 'x" \n[evil]' })).toThrow(/not a KV namespace id/);
  });

  it("reads JSON out of wrangler's output around banners and warnings", () => {
    expect(parseJsonOutput('⛅️ wrangler 4\n▲ [WARNING] something [1]\n[\n  {"id": "x"}\n]\nbye [2]\n')).toEqual([{ id: "x" }]);
    expect(parseJsonOutput('{"loggedIn": true}')).toEqual({ loggedIn: true });
    expect(() => parseJsonOutput("no json here")).toThrow(/expected JSON/);
  });
});
