import type { ClipState } from "./clip-state.ts";
import type { ClipMode, DescriptorLayout } from "./frame-descriptor.ts";
import { decodeMoments, encodeMoments } from "./moments.ts";

/**
 * SQLite persistence of one clip inside its Durable Object. Three tables:
 * `clip` (one row: options and counters), `stats` (one row: O(D) moments as
 * float64 blobs) and `seen` (one integer per frame index, for idempotent
 * retries: O(frames) integers, ~10 bytes each in SQLite's b-tree).
 */
export interface ClipMeta {
  mode: ClipMode;
  /** As asked at creation (null: the manifest's default). */
  requestedEmotionModel: string | null;
  classifier: string | null;
  createdAt: number;
  updatedAt: number;
  /** Id of the API key that created the clip (null: made directly, as in tests). */
  owner: string | null;
  /** What a classifier answers for a clip without faces (see NoFaceLabel). */
  noFaceLabel: NoFaceLabel;
}

/**
 * `zero-descriptor`: the classifier's prediction for the zero descriptor, as
 * the paper's protocol gives every clip an answer (marked basis "no-face");
 * `none`: no label until a frame has a face.
 */
export const NO_FACE_LABELS = ["zero-descriptor", "none"] as const;
export type NoFaceLabel = (typeof NO_FACE_LABELS)[number];

/** Creates the tables; called before the first write only, so unknown ids leave no storage behind. */
export function migrate(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS clip (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    mode TEXT NOT NULL, requested_model TEXT, classifier TEXT, layout TEXT,
    frames_received INTEGER NOT NULL, frames_with_faces INTEGER NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, owner TEXT, no_face TEXT)`);
  // Clips created before the column existed (they live up to a day after their last frame).
  const columns = sql.exec<{ name: string }>("PRAGMA table_info(clip)").toArray().map((c) => c.name);
  if (!columns.includes("no_face")) sql.exec("ALTER TABLE clip ADD COLUMN no_face TEXT");
  sql.exec(`CREATE TABLE IF NOT EXISTS stats (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL, mean BLOB NOT NULL, m2 BLOB NOT NULL, max BLOB, min BLOB)`);
  sql.exec(`CREATE TABLE IF NOT EXISTS seen (idx INTEGER PRIMARY KEY)`);
}

function hasTables(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clip'").toArray().length > 0;
}

type ClipRow = {
  mode: string; requested_model: string | null; classifier: string | null; layout: string | null;
  frames_received: number; frames_with_faces: number; created_at: number; updated_at: number; owner?: string | null; no_face?: string | null;
};
type StatsRow = { n: number; mean: ArrayBuffer; m2: ArrayBuffer; max: ArrayBuffer | null; min: ArrayBuffer | null };

/** The stored clip, or null if this object holds none. */
export function loadClip(sql: SqlStorage): { meta: ClipMeta; state: ClipState } | null {
  if (!hasTables(sql)) return null;
  migrate(sql); // adds columns newer than the clip
  const row = sql.exec<ClipRow>("SELECT * FROM clip WHERE id = 1").toArray()[0];
  if (!row) return null;
  const stats = sql.exec<StatsRow>("SELECT n, mean, m2, max, min FROM stats WHERE id = 1").toArray()[0];
  const mode = row.mode as ClipMode;
  return {
    meta: { mode, requestedEmotionModel: row.requested_model, classifier: row.classifier, createdAt: row.created_at, updatedAt: row.updated_at, owner: row.owner ?? null, noFaceLabel: row.no_face === "none" ? "none" : "zero-descriptor" },
    state: {
      mode,
      framesReceived: row.frames_received,
      framesWithFaces: row.frames_with_faces,
      layout: row.layout ? (JSON.parse(row.layout) as DescriptorLayout) : null,
      moments: stats ? decodeMoments(stats) : null,
    },
  };
}

export function saveClip(sql: SqlStorage, meta: ClipMeta, state: ClipState): void {
  sql.exec(
    `INSERT OR REPLACE INTO clip (id, mode, requested_model, classifier, layout, frames_received, frames_with_faces, created_at, updated_at, owner, no_face)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    meta.mode, meta.requestedEmotionModel, meta.classifier, state.layout ? JSON.stringify(state.layout) : null,
    state.framesReceived, state.framesWithFaces, meta.createdAt, meta.updatedAt, meta.owner, meta.noFaceLabel,
  );
  if (state.moments) {
    const e = encodeMoments(state.moments);
    sql.exec("INSERT OR REPLACE INTO stats (id, n, mean, m2, max, min) VALUES (1, ?, ?, ?, ?, ?)", e.n, e.mean, e.m2, e.max, e.min);
  }
}

/** Records `index` as seen; false if it already was (a retried frame). */
export function markSeen(sql: SqlStorage, index: number): boolean {
  return sql.exec("INSERT OR IGNORE INTO seen (idx) VALUES (?)", index).rowsWritten > 0;
}

export function isSeen(sql: SqlStorage, index: number): boolean {
  return sql.exec("SELECT 1 FROM seen WHERE idx = ?", index).toArray().length > 0;
}
