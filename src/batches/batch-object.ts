import { DurableObject } from "cloudflare:workers";
import type { BatchEnv } from "./env.ts";
import { BatchItems, type ItemStatus } from "./items.ts";
import type { BatchMessage } from "./messages.ts";
import type { BatchOptions } from "./options.ts";
import { mergeItemLines, writeItemLine } from "./results.ts";
import { onBatchCompleted, purgeBatchObjects } from "../retention/batch-retention.ts";
import { retention } from "../retention/config.ts";
import { deliverWebhook, newWebhookId, type WebhookTarget } from "./webhook.ts";
import { webhookPolicy } from "./webhook-url.ts";
import { ownerObject } from "../owner/owner-object.ts";

export type { ItemStatus };

export interface BatchMeta {
  id: string;
  total: number;
  options: BatchOptions;
  webhook?: WebhookTarget;
  createdAt: string;
  /** Id of the API key that created the batch (absent only for batches made directly in tests). */
  owner?: string;
}

/** What the batch's status shows of its webhook: the same whatever the receiver answers (no reachability oracle). */
export interface WebhookStatus {
  /** The notice's `webhook-id` (receivers deduplicate on it). */
  id: string | null;
  /** When the notice was first sent; null before the batch completed. Retries are not shown. */
  firstAttemptAt: string | null;
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
  webhook?: WebhookStatus;
}

/** Internal delivery state; only `WebhookStatus` of it is ever shown. */
interface WebhookState {
  id: string;
  attempts: number;
  delivered: boolean;
  firstAttemptAt: string;
}

export const WEBHOOK_MAX_ATTEMPTS = 5;
/** Sends of one item before it is given up as `timed_out`. */
export const ITEM_MAX_SENDS = 3;

const positive = (raw: string | undefined, fallback: number, max = Infinity) => {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
};

/**
 * One object per batch. Item states live in SQLite, so progress counts are
 * exact and a redelivered message cannot count an image twice.
 *
 * The object feeds the queue itself: at most BATCH_IN_FLIGHT of its items
 * are in the queue at once, and each finished item lets the next one in, so
 * a batch of 10,000 images never stands between another batch and the
 * consumers (fairness per batch, so per key up to its concurrent batches).
 * Every item in flight has a deadline: when it passes with no answer and no
 * progress (a lost message, a killed runtime), the alarm sends the item
 * again, at most ITEM_MAX_SENDS times in all, then records it failed with
 * `timed_out`. So every batch ends.
 */
export class BatchObject extends DurableObject<BatchEnv> {
  private items: BatchItems;

  constructor(ctx: DurableObjectState, env: BatchEnv) {
    super(ctx, env);
    this.items = new BatchItems(ctx.storage.sql);
  }

  private window(): number {
    return Math.floor(positive(this.env.BATCH_IN_FLIGHT, 8, 100));
  }

  private deadlineMs(): number {
    return positive(this.env.BATCH_ITEM_DEADLINE_SECONDS, 300) * 1000;
  }

  /** Creates the batch; false if it already exists. Nothing is sent until start(). */
  async init(meta: BatchMeta, keys: string[]): Promise<boolean> {
    if (await this.ctx.storage.get("meta")) return false;
    this.items.insert(keys);
    await this.ctx.storage.put("meta", meta);
    return true;
  }

  /** Sends the first window of items to the queue. */
  async start(): Promise<void> {
    await this.pump();
  }

  async itemStatus(index: number): Promise<ItemStatus | null> {
    return this.items.status(index);
  }

  /** Remembers a transient failure so the dead-letter path can report it; the item is alive, so its deadline moves on. */
  async noteAttempt(index: number, error: string): Promise<void> {
    this.items.noteAttempt(index, error, Date.now() + this.deadlineMs());
  }

  async lastError(index: number): Promise<{ attempts: number; error: string | null } | null> {
    return this.items.lastError(index);
  }

  /** Marks an item finished; returns true only for the call that changed it. Lets the next item in. */
  async finish(index: number, status: "done" | "failed", error?: string): Promise<boolean> {
    const closing = (await this.ctx.storage.get<boolean>("closing")) === true;
    const changed = !closing && this.items.finish(index, status, error ?? null, true);
    if (!changed) return false;
    if (this.items.counts().pending === 0) await this.ctx.storage.setAlarm(Date.now());
    else await this.pump();
    return true;
  }

  async progress(): Promise<BatchProgress | null> {
    const meta = await this.ctx.storage.get<BatchMeta>("meta");
    if (!meta) return null;
    const completedAt = await this.ctx.storage.get<string>("completedAt");
    const hook = await this.ctx.storage.get<WebhookState>("webhook");
    return {
      id: meta.id,
      status: completedAt ? "completed" : "running",
      total: meta.total,
      ...this.items.counts(),
      createdAt: meta.createdAt,
      ...(completedAt ? { completedAt } : {}),
      options: meta.options,
      ...(meta.webhook ? { webhook: { id: hook?.id ?? null, firstAttemptAt: hook?.firstAttemptAt ?? null } } : {}),
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
    await purgeBatchObjects(this.env, meta.id, meta.owner, this.items.keys());
    if (meta.owner) await ownerObject(this.env, meta.owner).removeResource("batch", meta.id);
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.items = new BatchItems(this.ctx.storage.sql); // empty, so late queue messages read "no such item" instead of failing
    return true;
  }

  /**
   * While running: items past their deadline are sent again or given up,
   * the window is refilled, and the next wake-up is the earliest deadline.
   * Once nothing is pending: merge results, free the images and the
   * owner's batch slot, then notify; later, at the end of retention, purge.
   * Alarms retry on throw.
   */
  async alarm(): Promise<void> {
    const meta = await this.ctx.storage.get<BatchMeta>("meta");
    if (!meta) return;
    let completedAt = await this.ctx.storage.get<string>("completedAt");
    if (!completedAt) {
      await this.sweepOverdue(meta);
      await this.pump();
      if (this.items.counts().pending > 0) return this.scheduleDeadline();
      await this.ctx.storage.put("closing", true);
      await mergeItemLines(this.env.UPLOADS, meta.id);
      completedAt = new Date().toISOString();
      await this.ctx.storage.put("completedAt", completedAt);
      await onBatchCompleted(this.env, meta.id, meta.owner, this.items.keys());
    }
    const expiresAt = Date.parse(completedAt) + retention(this.env).resultMs;
    if (Date.now() >= expiresAt) {
      await this.purge();
      return;
    }
    if (meta.webhook) await this.notify(meta.webhook);
    // No webhook retry pending: the next wake-up is the end of retention.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(expiresAt);
  }

  /** Sends waiting items until BATCH_IN_FLIGHT are in the queue. Rows are marked before the send, so calls cannot overlap. */
  private async pump(): Promise<void> {
    const meta = await this.ctx.storage.get<BatchMeta>("meta");
    if (!meta || (await this.ctx.storage.get("closing"))) return;
    const deadline = Date.now() + this.deadlineMs();
    const rows = this.items.takeWaiting(this.window() - this.items.inFlight(), deadline);
    if (rows.length === 0) return;
    const messages = rows.map((r): MessageSendRequest<BatchMessage> => ({ body: { batchId: meta.id, index: r.idx, key: r.key, options: meta.options } }));
    try {
      await this.env.BATCH_QUEUE.sendBatch(messages);
    } catch (err) {
      // Not sent: the rows wait again, and the alarm tries soon.
      this.items.putBack(rows);
      console.warn("batch feed failed, will retry", meta.id, err instanceof Error ? err.message : err);
      await this.ctx.storage.setAlarm(Date.now() + 5_000);
      return;
    }
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > deadline) await this.ctx.storage.setAlarm(deadline);
  }

  /** Items whose deadline passed: back to waiting while they have sends left, else failed `timed_out`. */
  private async sweepOverdue(meta: BatchMeta): Promise<void> {
    for (const row of this.items.overdue(Date.now())) {
      if (row.sends < ITEM_MAX_SENDS) {
        this.items.requeue(row.idx);
        continue;
      }
      const detail = `No answer for this image after ${row.sends} deliveries, ${Math.round(this.deadlineMs() / 1000)} s each.`;
      await writeItemLine(this.env.UPLOADS, meta.id, { index: row.idx, key: row.key, status: "failed", error: { code: "timed_out", detail } });
      this.items.finish(row.idx, "failed", "timed_out", false);
    }
  }

  private async scheduleDeadline(): Promise<void> {
    const next = this.items.nextDeadline();
    await this.ctx.storage.setAlarm(next ?? Date.now() + 5_000);
  }

  private async notify(target: WebhookTarget): Promise<void> {
    const progress = (await this.progress())!;
    let hook = await this.ctx.storage.get<WebhookState>("webhook");
    hook ??= { id: newWebhookId(), attempts: 0, delivered: false, firstAttemptAt: new Date().toISOString() };
    if (hook.delivered || hook.attempts >= WEBHOOK_MAX_ATTEMPTS) return;
    hook.attempts++;
    // Saved before the call, so the status never waits on (or reflects) the receiver.
    await this.ctx.storage.put("webhook", hook);
    const data = { ...progress, webhook: { id: hook.id, firstAttemptAt: hook.firstAttemptAt } };
    hook.delivered = await deliverWebhook(target, { id: hook.id, type: "batch.completed", data }, new Date(), webhookPolicy(this.env));
    await this.ctx.storage.put("webhook", hook);
    if (!hook.delivered && hook.attempts < WEBHOOK_MAX_ATTEMPTS) await this.ctx.storage.setAlarm(Date.now() + 2 ** hook.attempts * 5000);
  }
}
