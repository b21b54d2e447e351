import { DurableObject } from "cloudflare:workers";
import type { BatchEnv } from "./env.ts";
import type { BatchOptions } from "./options.ts";
import { mergeItemLines } from "./results.ts";
import { onBatchCompleted, purgeBatchObjects } from "../retention/batch-retention.ts";
import { retention } from "../retention/config.ts";
import { deliverWebhook, type WebhookTarget } from "./webhook.ts";

export type ItemStatus = "pending" | "done" | "failed";

export interface BatchMeta {
  id: string;
  total: number;
  options: BatchOptions;
  webhook?: WebhookTarget;
  createdAt: string;
  /** Id of the API key that created the batch (absent only for batches made directly in tests). */
  owner?: string;
}

export interface BatchProgress {
  id: string;
  /** running: images still pending or results being merged; completed: results.jsonl is written. */
  status: "running" | "completed";
  total: number;
  done: number;
  failed: number;
  pending: number;
  createdAt: string;
  completedAt?: string;
  /** As created, defaults filled in. */
  options: BatchOptions;
  webhook?: { delivered: boolean; attempts: number };
}

const WEBHOOK_MAX_ATTEMPTS = 5;

/**
 * One object per batch. Item states live in SQLite, so progress counts are
 * exact and a redelivered message cannot count an image twice: only the
 * pending -> done/failed transition counts, and it happens once.
 */
export class BatchObject extends DurableObject<BatchEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: BatchEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.createTables();
  }

  private createTables(): void {
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS items (idx INTEGER PRIMARY KEY, key TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, error TEXT)`,
    );
  }

  /** Creates the batch; false if it already exists. */
  async init(meta: BatchMeta, keys: string[]): Promise<boolean> {
    if (await this.ctx.storage.get("meta")) return false;
    for (let i = 0; i < keys.length; i++) this.sql.exec("INSERT INTO items (idx, key) VALUES (?, ?)", i, keys[i]);
    await this.ctx.storage.put("meta", meta);
    return true;
  }

  async itemStatus(index: number): Promise<ItemStatus | null> {
    const row = this.sql.exec<{ status: ItemStatus }>("SELECT status FROM items WHERE idx = ?", index).toArray()[0];
    return row?.status ?? null;
  }

  /** Remembers a transient failure so the dead-letter path can report it. */
  async noteAttempt(index: number, error: string): Promise<void> {
    this.sql.exec("UPDATE items SET attempts = attempts + 1, error = ? WHERE idx = ? AND status = 'pending'", error, index);
  }

  async lastError(index: number): Promise<{ attempts: number; error: string | null } | null> {
    return this.sql.exec<{ attempts: number; error: string | null }>("SELECT attempts, error FROM items WHERE idx = ?", index).toArray()[0] ?? null;
  }

  /** Marks an item finished; returns true only for the call that changed it. */
  async finish(index: number, status: "done" | "failed", error?: string): Promise<boolean> {
    const changed = this.sql.exec("UPDATE items SET status = ?, error = ? WHERE idx = ? AND status = 'pending'", status, error ?? null, index).rowsWritten;
    if (changed && this.counts().pending === 0) await this.ctx.storage.setAlarm(Date.now());
    return changed > 0;
  }

  async progress(): Promise<BatchProgress | null> {
    const meta = await this.ctx.storage.get<BatchMeta>("meta");
    if (!meta) return null;
    const completedAt = await this.ctx.storage.get<string>("completedAt");
    const hook = await this.ctx.storage.get<{ delivered: boolean; attempts: number }>("webhook");
    return {
      id: meta.id,
      status: completedAt ? "completed" : "running",
      total: meta.total,
      ...this.counts(),
      createdAt: meta.createdAt,
      ...(completedAt ? { completedAt } : {}),
      options: meta.options,
      ...(meta.webhook ? { webhook: hook ?? { delivered: false, attempts: 0 } } : {}),
    };
  }

  /** The key that created the batch; null if there is no batch here. */
  async ownerOf(): Promise<string | null> {
    const meta = await this.ctx.storage.get<BatchMeta>("meta");
    return meta ? (meta.owner ?? "") : null;
  }

  /**
   * DELETE, or the end of retention: removes the images, item lines and
   * results from R2, frees the owner's batch slot, then this object's own
   * storage. Messages still queued find no items and are dropped.
   */
  async purge(): Promise<boolean> {
    const meta = await this.ctx.storage.get<BatchMeta>("meta");
    if (!meta) return false;
    await purgeBatchObjects(this.env, meta.id, meta.owner, this.keys());
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.createTables(); // empty, so late queue messages read "no such item" instead of failing
    return true;
  }

  /**
   * Runs once every image is finished: merge results, free the images and
   * the owner's batch slot, then notify; later, at the end of retention,
   * purge. Alarms retry on throw.
   */
  async alarm(): Promise<void> {
    const meta = await this.ctx.storage.get<BatchMeta>("meta");
    if (!meta || this.counts().pending > 0) return;
    let completedAt = await this.ctx.storage.get<string>("completedAt");
    const expiresAt = completedAt ? Date.parse(completedAt) + retention(this.env).resultMs : Infinity;
    if (Date.now() >= expiresAt) {
      await this.purge();
      return;
    }
    if (!completedAt) {
      await mergeItemLines(this.env.UPLOADS, meta.id);
      completedAt = new Date().toISOString();
      await this.ctx.storage.put("completedAt", completedAt);
      await onBatchCompleted(this.env, meta.id, meta.owner, this.keys());
    }
    if (meta.webhook) await this.notify(meta.webhook);
    // No webhook retry pending: the next wake-up is the end of retention.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.parse(completedAt) + retention(this.env).resultMs);
  }

  private keys(): string[] {
    return this.sql.exec<{ key: string }>("SELECT key FROM items ORDER BY idx").toArray().map((r) => r.key);
  }

  private async notify(target: WebhookTarget): Promise<void> {
    const hook = (await this.ctx.storage.get<{ delivered: boolean; attempts: number }>("webhook")) ?? { delivered: false, attempts: 0 };
    if (hook.delivered || hook.attempts >= WEBHOOK_MAX_ATTEMPTS) return;
    const progress = await this.progress();
    hook.attempts++;
    hook.delivered = await deliverWebhook(target, { type: "batch.completed", batch: progress }, Math.floor(Date.now() / 1000));
    await this.ctx.storage.put("webhook", hook);
    if (!hook.delivered && hook.attempts < WEBHOOK_MAX_ATTEMPTS) await this.ctx.storage.setAlarm(Date.now() + 2 ** hook.attempts * 5000);
  }

  private counts(): { done: number; failed: number; pending: number } {
    const out = { done: 0, failed: 0, pending: 0 };
    for (const row of this.sql.exec<{ status: ItemStatus; n: number }>("SELECT status, COUNT(*) AS n FROM items GROUP BY status")) out[row.status] = row.n;
    return out;
  }
}
