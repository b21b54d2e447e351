import { WranglerError, type Wrangler } from "./wrangler-cli.ts";

/**
 * Creates the account resources wrangler.toml binds, or finds and reuses
 * them: each is looked up first, created only when missing, and a create that
 * races another (it "already exists") counts as found. Names come from
 * wrangler.toml; KV namespaces, which are bound by id, are found by title.
 */
export type Outcome = "created" | "reused";
export type Log = (line: string) => void;

const alreadyExists = (err: unknown) => err instanceof WranglerError && /already exists|already taken|already in use/i.test(err.output);

function ensure(kind: string, name: string, exists: () => boolean, create: () => void, log: Log): Outcome {
  if (exists()) return "reused";
  log(`creating ${kind} ${name}`);
  try {
    create();
  } catch (err) {
    if (!alreadyExists(err)) throw err;
    return "reused";
  }
  return "created";
}

export function ensureBucket(w: Wrangler, name: string, log: Log): Outcome {
  const exists = () => {
    const r = w.try(["r2", "bucket", "info", name, "--json"]);
    if (r.code === 0) return true;
    if (/does not exist|not found|10006/i.test(r.stderr + r.stdout)) return false;
    throw new WranglerError(["r2", "bucket", "info", name], r);
  };
  return ensure("R2 bucket", name, exists, () => w.run(["r2", "bucket", "create", name]), log);
}

export function ensureQueue(w: Wrangler, name: string, log: Log): Outcome {
  const exists = () => {
    const r = w.try(["queues", "info", name]);
    // The lookup filters by name; make sure the answer is this queue, not one whose name starts the same.
    if (r.code === 0) return r.stdout.split("\n").some((l) => l.trim() === `Queue Name: ${name}`);
    if (/does not exist|not found/i.test(r.stderr + r.stdout)) return false;
    throw new WranglerError(["queues", "info", name], r);
  };
  return ensure("queue", name, exists, () => w.run(["queues", "create", name]), log);
}

interface Namespace {
  id: string;
  title: string;
}

/**
 * The ids of the KV namespaces to bind, by binding: the id wrangler.toml has
 * if the account has it, else the namespace with the wanted title (the name
 * wrangler's own automatic provisioning gives it: `<worker>-<binding>`), else
 * a new one with that title.
 */
export function ensureKvNamespaces(w: Wrangler, wanted: { binding: string; title: string; configuredId?: string }[], log: Log): Map<string, { id: string; outcome: Outcome }> {
  const list = () => w.json<Namespace[]>(["kv", "namespace", "list"]);
  let namespaces = list();
  const result = new Map<string, { id: string; outcome: Outcome }>();
  for (const { binding, title, configuredId } of wanted) {
    const found = namespaces.find((ns) => ns.id === configuredId) ?? namespaces.find((ns) => ns.title === title);
    if (found) {
      result.set(binding, { id: found.id, outcome: "reused" });
      continue;
    }
    log(`creating KV namespace ${title}`);
    try {
      w.run(["kv", "namespace", "create", title]);
    } catch (err) {
      if (!alreadyExists(err)) throw err;
    }
    namespaces = list();
    const created = namespaces.find((ns) => ns.title === title);
    if (!created) throw new Error(`KV namespace ${title} was created but is not listed`);
    result.set(binding, { id: created.id, outcome: "created" });
  }
  return result;
}

/** An R2 lifecycle rule deleting objects under `prefix` `days` days after upload; matched by its id. */
export function ensureLifecycleRule(w: Wrangler, bucket: string, id: string, prefix: string, days: number, log: Log): Outcome {
  const exists = () => w.run(["r2", "bucket", "lifecycle", "list", bucket]).stdout.split(/\s+/).includes(id);
  const create = () => w.run(["r2", "bucket", "lifecycle", "add", bucket, id, prefix, "--expire-days", String(days), "--force"]);
  return ensure(`lifecycle rule on ${bucket}`, `${id} (${prefix}, ${days} d)`, exists, create, log);
}
