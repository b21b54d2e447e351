import { DurableObject } from "cloudflare:workers";

/** The counters one request is checked against (a subset of Limits). */
export interface RateLimits {
  requestsPerMinute: number;
  bytesPerDay: number;
}

export type LimitName = "requestsPerMinute" | "bytesPerDay" | "concurrentBatches";

/**
 * A refusal says when to try again: `retryAfter` seconds, or null when time
 * does not help (the request alone is larger than the whole limit).
 */
export type LimitVerdict =
  | { ok: true; remaining: number; resetSeconds: number }
  | { ok: false; limit: LimitName; max: number; retryAfter: number | null };

interface Counters {
  minute: number;
  requests: number;
  day: number;
  bytes: number;
  /** Running batches: id -> time after which the slot is presumed leaked (ms). */
  batches: Record<string, number>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A batch that never reports completion stops holding its slot after this long. */
const BATCH_SLOT_MS = DAY;
const secondsUntil = (ms: number, now: number) => Math.max(1, Math.ceil((ms - now) / 1000));

/**
 * One object per API key (named by its id; demo-key issuance uses one per
 * client network and one for all clients). Durable Objects run one call at a
 * time, so the counters are exact under any concurrency: fixed one-minute
 * windows for requests, UTC days for bytes, a set for running batches. A
 * refused request consumes nothing. Bytes are checked before a body is read
 * and charged once it has been accepted, so a body that never arrives, or is
 * refused, costs nothing. Idle objects delete themselves (alarm).
 */
export class LimiterObject extends DurableObject {
  private counters: Counters | undefined;

  private async load(now: number): Promise<Counters> {
    this.counters ??= (await this.ctx.storage.get<Counters>("c")) ?? { minute: 0, requests: 0, day: 0, bytes: 0, batches: {} };
    const c = this.counters;
    const minute = Math.floor(now / MINUTE);
    const day = Math.floor(now / DAY);
    if (c.minute !== minute) Object.assign(c, { minute, requests: 0 });
    if (c.day !== day) Object.assign(c, { day, bytes: 0 });
    for (const [id, until] of Object.entries(c.batches)) if (until <= now) delete c.batches[id];
    return c;
  }

  private async save(now: number): Promise<void> {
    await this.ctx.storage.put("c", this.counters);
    // Counters older than a day mean nothing: let the object vanish when idle.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + 2 * DAY);
  }

  /**
   * Counts one request, unless that would pass the per-minute limit or
   * `bytes` (its declared body) would no longer fit today's byte budget. The
   * bytes are only checked here: `addBytes` charges what was accepted.
   */
  async hit(limits: RateLimits, bytes = 0, now = Date.now()): Promise<LimitVerdict> {
    const c = await this.load(now);
    if (c.requests + 1 > limits.requestsPerMinute) {
      return { ok: false, limit: "requestsPerMinute", max: limits.requestsPerMinute, retryAfter: limits.requestsPerMinute < 1 ? null : secondsUntil((c.minute + 1) * MINUTE, now) };
    }
    const refused = this.overBudget(c, limits.bytesPerDay, bytes, now);
    if (refused) return refused;
    c.requests += 1;
    await this.save(now);
    return { ok: true, remaining: limits.requestsPerMinute - c.requests, resetSeconds: secondsUntil((c.minute + 1) * MINUTE, now) };
  }

  /** Whether `bytes` more would fit today's budget (nothing is counted): checked before a body is read. */
  async fits(bytesPerDay: number, bytes: number, now = Date.now()): Promise<LimitVerdict> {
    const c = await this.load(now);
    return this.overBudget(c, bytesPerDay, bytes, now) ?? { ok: true, remaining: Math.max(0, bytesPerDay - c.bytes), resetSeconds: secondsUntil((c.day + 1) * DAY, now) };
  }

  /**
   * Charges body bytes that were accepted (read, stored). Never refuses: the
   * bytes are in; concurrent bodies that each fitted may pass the budget by
   * what they carried, and the next request is refused.
   */
  async addBytes(bytes: number, now = Date.now()): Promise<void> {
    if (!(bytes > 0)) return;
    const c = await this.load(now);
    c.bytes += bytes;
    await this.save(now);
  }

  /**
   * Charges `bytes` a route accepted if they fit today's budget, in one step
   * (check and count together, so two concurrent bodies cannot both pass on
   * the same room); refuses and counts nothing otherwise.
   */
  async chargeBytes(bytesPerDay: number, bytes: number, now = Date.now()): Promise<LimitVerdict> {
    const c = await this.load(now);
    const refused = this.overBudget(c, bytesPerDay, bytes, now);
    if (refused) return refused;
    if (bytes > 0) {
      c.bytes += bytes;
      await this.save(now);
    }
    return { ok: true, remaining: Math.max(0, bytesPerDay - c.bytes), resetSeconds: secondsUntil((c.day + 1) * DAY, now) };
  }

  /** Bytes charged today (monitoring, tests). */
  async bytesToday(now = Date.now()): Promise<number> {
    return (await this.load(now)).bytes;
  }

  private overBudget(c: Counters, bytesPerDay: number, bytes: number, now: number): Extract<LimitVerdict, { ok: false }> | null {
    if (bytes <= 0 || c.bytes + bytes <= bytesPerDay) return null;
    // A body larger than the whole day's budget never fits: no Retry-After.
    return { ok: false, limit: "bytesPerDay", max: bytesPerDay, retryAfter: bytes > bytesPerDay ? null : secondsUntil((c.day + 1) * DAY, now) };
  }

  /** Takes a running-batch slot for `batchId`. */
  async acquireBatch(batchId: string, max: number, now = Date.now()): Promise<LimitVerdict> {
    const c = await this.load(now);
    if (!(batchId in c.batches) && Object.keys(c.batches).length >= max) {
      const soonest = Math.min(...Object.values(c.batches));
      return { ok: false, limit: "concurrentBatches", max, retryAfter: max < 1 ? null : Math.min(60, secondsUntil(soonest, now)) };
    }
    c.batches[batchId] = now + BATCH_SLOT_MS;
    await this.save(now);
    return { ok: true, remaining: max - Object.keys(c.batches).length, resetSeconds: 0 };
  }

  async releaseBatch(batchId: string, now = Date.now()): Promise<void> {
    const c = await this.load(now);
    if (!(batchId in c.batches)) return;
    delete c.batches[batchId];
    await this.save(now);
  }

  async runningBatches(now = Date.now()): Promise<string[]> {
    return Object.keys((await this.load(now)).batches);
  }

  async alarm(): Promise<void> {
    const now = Date.now();
    const c = await this.load(now);
    if (Object.keys(c.batches).length > 0 || c.bytes > 0) {
      await this.ctx.storage.setAlarm(now + DAY);
      return;
    }
    this.counters = undefined;
    await this.ctx.storage.deleteAll();
  }
}

export function limiterFor(ns: DurableObjectNamespace<LimiterObject>, name: string): DurableObjectStub<LimiterObject> {
  return ns.get(ns.idFromName(name));
}
