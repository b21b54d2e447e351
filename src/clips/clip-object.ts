import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { addFrame, checkLayout, clipDescriptor, clipEmotion, DescriptorMismatchError, newClipState, type ClipState } from "./clip-state.ts";
import { loadClip, markSeen, isSeen, migrate, saveClip, type ClipMeta, type NoFaceLabel } from "./clip-store.ts";
import type { ClipMode, DescriptorLayout } from "./frame-descriptor.ts";

/** One frame as the Worker sends it: its index and its descriptor (null: no face). */
export interface FrameSubmission {
  index: number;
  descriptor: Float32Array | number[] | null;
  layout?: DescriptorLayout;
}

export interface ClipInfo extends ClipMeta {
  framesReceived: number;
  framesWithFaces: number;
  layout: DescriptorLayout | null;
  /** When the clip expires unless more frames arrive (ms since epoch). */
  expiresAt: number;
}

/** Which frames of a request are new to the clip: the route's check before any analysis or charge. */
export interface ScreenResult {
  info: ClipInfo;
  /** Indices not seen before, each once, in request order (a repeat within the request is a duplicate). */
  fresh: number[];
}

export type AddFramesResult =
  | { ok: true; frames: { index: number; duplicate: boolean }[]; info: ClipInfo }
  | { ok: false; code: "not_found" | "conflict"; detail: string }
  | { ok: false; code: "too_many_frames"; detail: string; max: number };

export interface ClipSummary {
  info: ClipInfo;
  descriptor: Float32Array;
  emotion: { label: string; scores: Record<string, number> } | null;
}

const DEFAULT_IDLE_SECONDS = 86_400;

/**
 * One Durable Object per clip. Everything lives in SQLite (see clip-store.ts),
 * so eviction loses nothing; each RPC runs without awaiting between reading
 * and writing storage, so concurrent frames are applied one at a time.
 */
export class ClipObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  // Cached copy of storage; undefined = not loaded yet, null = no clip here.
  private clip: { meta: ClipMeta; state: ClipState } | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  private idleMs(): number {
    const s = Number(this.env.CLIP_IDLE_SECONDS);
    return (Number.isFinite(s) && s > 0 ? s : DEFAULT_IDLE_SECONDS) * 1000;
  }

  private load() {
    if (this.clip === undefined) this.clip = loadClip(this.sql);
    return this.clip;
  }

  private infoOf(c: { meta: ClipMeta; state: ClipState }): ClipInfo {
    const { state } = c;
    return { ...c.meta, framesReceived: state.framesReceived, framesWithFaces: state.framesWithFaces, layout: state.layout, expiresAt: c.meta.updatedAt + this.idleMs() };
  }

  async create(options: { mode: ClipMode; emotionModel?: string | null; classifier?: string | null; owner?: string | null; noFaceLabel?: NoFaceLabel }): Promise<ClipInfo | null> {
    if (this.load()) return null;
    const now = Date.now();
    const meta: ClipMeta = {
      mode: options.mode, requestedEmotionModel: options.emotionModel ?? null, classifier: options.classifier ?? null,
      createdAt: now, updatedAt: now, owner: options.owner ?? null, noFaceLabel: options.noFaceLabel ?? "zero-descriptor",
    };
    const clip = { meta, state: newClipState(options.mode) };
    migrate(this.sql);
    saveClip(this.sql, meta, clip.state);
    this.clip = clip;
    await this.ctx.storage.setAlarm(now + this.idleMs());
    return this.infoOf(clip);
  }

  async info(): Promise<ClipInfo | null> {
    const c = this.load();
    return c ? this.infoOf(c) : null;
  }

  /** The clip's counters and which of `indices` it has not seen; null if there is no clip. Changes nothing. */
  async screen(indices: number[]): Promise<ScreenResult | null> {
    const c = this.load();
    if (!c) return null;
    const fresh = new Set<number>();
    for (const i of indices) if (!fresh.has(i) && !isSeen(this.sql, i)) fresh.add(i);
    return { info: this.infoOf(c), fresh: [...fresh] };
  }

  /**
   * Adds frames all-or-nothing; a frame index seen before is reported as a
   * duplicate and ignored. `maxFrames` caps the clip's frame count (the
   * caller's key limit): a request that would pass it adds nothing.
   */
  async addFrames(frames: FrameSubmission[], maxFrames = Infinity): Promise<AddFramesResult> {
    const c = this.load();
    if (!c) return { ok: false, code: "not_found", detail: "No such clip (it may have expired or been deleted)." };
    const fresh = new Set(frames.filter((f) => !isSeen(this.sql, f.index)).map((f) => f.index)).size;
    if (c.state.framesReceived + fresh > maxFrames) {
      return { ok: false, code: "too_many_frames", max: maxFrames, detail: `This clip has ${c.state.framesReceived} frames; ${fresh} more would pass the key's limit of ${maxFrames}.` };
    }
    const results: { index: number; duplicate: boolean }[] = [];
    try {
      this.ctx.storage.transactionSync(() => {
        // Validate first so a bad frame changes nothing, in storage or in memory.
        const probe: ClipState = { ...c.state };
        for (const f of frames) {
          if (f.descriptor && f.layout) {
            checkLayout(probe, f.descriptor, f.layout);
            probe.layout ??= f.layout;
          }
        }
        for (const f of frames) {
          if (isSeen(this.sql, f.index)) {
            results.push({ index: f.index, duplicate: true });
            continue;
          }
          markSeen(this.sql, f.index);
          addFrame(c.state, f.descriptor, f.layout);
          results.push({ index: f.index, duplicate: false });
        }
        c.meta.updatedAt = Date.now();
        saveClip(this.sql, c.meta, c.state);
      });
    } catch (err) {
      this.clip = undefined; // storage rolled back; reload it next time
      if (err instanceof DescriptorMismatchError || err instanceof RangeError) return { ok: false, code: "conflict", detail: err.message };
      throw err;
    }
    await this.ctx.storage.setAlarm(c.meta.updatedAt + this.idleMs());
    return { ok: true, frames: results, info: this.infoOf(c) };
  }

  /** Counters, clip emotion and descriptor; `zeroDim` sizes the zero descriptor of a faceless clip. */
  async summary(zeroDim = 0): Promise<ClipSummary | null> {
    const c = this.load();
    if (!c) return null;
    return { info: this.infoOf(c), descriptor: clipDescriptor(c.state, zeroDim), emotion: clipEmotion(c.state) };
  }

  async remove(): Promise<boolean> {
    const existed = this.load() !== null;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.clip = null;
    return existed;
  }

  /** Fires only when no frame arrived for CLIP_IDLE_SECONDS (each write pushes it back). */
  async alarm(): Promise<void> {
    await this.remove();
  }
}
