import { runInDurableObject } from "cloudflare:test";
import type { ClipObject } from "../../../src/clips/clip-object.ts";
import { encodedMomentsBytes } from "./clip-stats-size.ts";

export interface ClipStorage {
  /** Bytes of the stats row (O(D)). */
  statsBytes: number;
  /** Frame indices in the seen table (O(frames)). */
  seenIndices: number;
  databaseBytes: number;
}

/** What a clip's SQLite storage holds, read inside its Durable Object (tests and the bench only, through the test runner). */
export function clipStorage(stub: DurableObjectStub<ClipObject>): Promise<ClipStorage> {
  return runInDurableObject(stub, (_o: ClipObject, state) => {
    const sql = state.storage.sql;
    const empty = { statsBytes: 0, seenIndices: 0, databaseBytes: sql.databaseSize };
    if (sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clip'").toArray().length === 0) return empty;
    const stats = sql.exec<{ mean: ArrayBuffer; m2: ArrayBuffer; max: ArrayBuffer | null; min: ArrayBuffer | null }>("SELECT mean, m2, max, min FROM stats WHERE id = 1").toArray()[0];
    const seen = sql.exec<{ c: number }>("SELECT count(*) AS c FROM seen").one().c;
    return { statsBytes: stats ? encodedMomentsBytes(stats) : 0, seenIndices: seen, databaseBytes: sql.databaseSize };
  });
}

/**
 * For the bench: feeds a fresh clip synthetic single-face frames and reports
 * its storage at each count (e.g. 10, 100, 1000, 10000 frames): the stats row
 * stays constant; the seen-index table and the database grow with frames.
 */
export async function measureClipStateGrowth(stub: DurableObjectStub<ClipObject>, counts: number[], featureDim = 256, labels = 7, batch = 250) {
  const layout = { emotionModel: "bench", labels: Array.from({ length: labels }, (_, k) => `c${k}`), featureDim };
  const rows: ({ frames: number } & ClipStorage)[] = [];
  let sent = 0;
  for (const target of [...counts].sort((a, b) => a - b)) {
    while (sent < target) {
      const n = Math.min(batch, target - sent);
      const frames = Array.from({ length: n }, (_, k) => ({
        index: sent + k,
        descriptor: Float32Array.from({ length: featureDim + labels }, (_, i) => Math.sin(sent + k + i)),
        layout,
      }));
      await stub.addFrames(frames);
      sent += n;
    }
    rows.push({ frames: target, ...(await clipStorage(stub)) });
  }
  return rows;
}
