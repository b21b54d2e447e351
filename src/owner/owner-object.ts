import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";

/**
 * One object per API key (named by the key's id): what the key owns, for
 * `GET /v1/batches` and `GET /v1/clips` (newest first), and the answers it
 * was given under an `Idempotency-Key`. A Durable Object because both need
 * read-your-writes and one-at-a-time updates: a batch listed right after it
 * was created, and two concurrent requests with the same Idempotency-Key
 * that must not both create something. Everything is in its SQLite.
 */

export type ResourceKind = "batch" | "clip";

export interface IndexedResource {
  seq: number;
  id: string;
  createdAt: number;
}

/** A stored answer, replayed as it was. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyBegin =
  | { kind: "new" }
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "in_progress" }
  | { kind: "mismatch" };

/** How long a key's answer is kept and replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** A request holding a key this long without finishing (a crashed isolate) no longer blocks it. */
const IN_PROGRESS_STALE_MS = 120_000;
/** Answers kept per API key at once; the oldest finished one makes room. */
export const IDEMPOTENCY_MAX_RECORDS = 1000;

export class OwnerObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.createTables();
  }

  private createTables(): void {
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS resources (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, id TEXT NOT NULL, created INTEGER NOT NULL, UNIQUE (kind, id))`,
    );
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, started INTEGER NOT NULL, answer TEXT)`,
    );
  }

  async addResource(kind: ResourceKind, id: string, createdAt: number): Promise<void> {
    this.sql.exec("INSERT OR IGNORE INTO resources (kind, id, created) VALUES (?, ?, ?)", kind, id, createdAt);
    await this.keepAlive();
  }

  async removeResource(kind: ResourceKind, id: string): Promise<void> {
    this.sql.exec("DELETE FROM resources WHERE kind = ? AND id = ?", kind, id);
  }

  /** Newest first, strictly older than `before` (a seq from an earlier page). */
  async listResources(kind: ResourceKind, limit: number, before?: number): Promise<IndexedResource[]> {
    return this.sql
      .exec<{ seq: number; id: string; created: number }>(
        "SELECT seq, id, created FROM resources WHERE kind = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
        kind,
        before ?? Number.MAX_SAFE_INTEGER,
        limit,
      )
      .toArray()
      .map((r) => ({ seq: r.seq, id: r.id, createdAt: r.created }));
  }

  /**
   * Claims `key` for a request with this fingerprint, or says why not: the
   * same request answered before (replay), still running, or another
   * request under the same key.
   */
  async beginIdempotent(key: string, fingerprint: string, now = Date.now()): Promise<IdempotencyBegin> {
    const row = this.sql.exec<{ fingerprint: string; started: number; answer: string | null }>("SELECT fingerprint, started, answer FROM idempotency WHERE key = ?", key).toArray()[0];
    const live = row && now - row.started < IDEMPOTENCY_TTL_MS && (row.answer !== null || now - row.started < IN_PROGRESS_STALE_MS);
    if (row && live) {
      if (row.fingerprint !== fingerprint) return { kind: "mismatch" };
      return row.answer === null ? { kind: "in_progress" } : { kind: "replay", answer: JSON.parse(row.answer) as StoredAnswer };
    }
    this.sql.exec("INSERT OR REPLACE INTO idempotency (key, fingerprint, started, answer) VALUES (?, ?, ?, NULL)", key, fingerprint, now);
    const excess = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM idempotency").one().n - IDEMPOTENCY_MAX_RECORDS;
    if (excess > 0) this.sql.exec("DELETE FROM idempotency WHERE key IN (SELECT key FROM idempotency WHERE answer IS NOT NULL ORDER BY started LIMIT ?)", excess);
    await this.keepAlive();
    return { kind: "new" };
  }

  async finishIdempotent(key: string, fingerprint: string, answer: StoredAnswer): Promise<void> {
    this.sql.exec("UPDATE idempotency SET answer = ? WHERE key = ? AND fingerprint = ?", JSON.stringify(answer), key, fingerprint);
  }

  /** The request failed: the key is free again (a retry may do the work). */
  async releaseIdempotent(key: string, fingerprint: string): Promise<void> {
    this.sql.exec("DELETE FROM idempotency WHERE key = ? AND fingerprint = ? AND answer IS NULL", key, fingerprint);
  }

  /** Daily: drops expired answers; an object that owns nothing and remembers nothing deletes itself. */
  async alarm(): Promise<void> {
    this.sql.exec("DELETE FROM idempotency WHERE started < ?", Date.now() - IDEMPOTENCY_TTL_MS);
    const left = this.sql.exec<{ n: number }>("SELECT (SELECT COUNT(*) FROM idempotency) + (SELECT COUNT(*) FROM resources) AS n").one().n;
    if (left > 0) await this.ctx.storage.setAlarm(Date.now() + IDEMPOTENCY_TTL_MS);
    else {
      await this.ctx.storage.deleteAll();
      this.createTables(); // empty again, for a call that arrives later
    }
  }

  private async keepAlive(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + IDEMPOTENCY_TTL_MS);
  }
}

export function ownerObject(env: Env, ownerId: string): DurableObjectStub<OwnerObject> {
  return env.OWNERS.get(env.OWNERS.idFromName(ownerId));
}
