/**
 * The items of one batch in its Durable Object's SQLite: one row per image.
 * An item is waiting (pending, never sent or taken back), in flight
 * (pending, sent, with a deadline) or finished (done / failed). Every
 * method is synchronous SQL, so a caller that marks rows before an await
 * cannot race another call of the same object.
 */
export type ItemStatus = "pending" | "done" | "failed";

export type ItemRow = {
  idx: number;
  key: string;
  sends: number;
};

export class BatchItems {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS items (idx INTEGER PRIMARY KEY, key TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, error TEXT)`,
    );
    // Added after the first release: objects created before get the columns here.
    const columns = new Set(sql.exec<{ name: string }>("PRAGMA table_info(items)").toArray().map((c) => c.name));
    if (!columns.has("sends")) sql.exec("ALTER TABLE items ADD COLUMN sends INTEGER NOT NULL DEFAULT 0");
    if (!columns.has("deadline")) sql.exec("ALTER TABLE items ADD COLUMN deadline INTEGER");
    sql.exec("CREATE INDEX IF NOT EXISTS items_by_state ON items (status, deadline)");
  }

  insert(keys: string[]): void {
    for (let i = 0; i < keys.length; i++) this.sql.exec("INSERT INTO items (idx, key) VALUES (?, ?)", i, keys[i]);
  }

  status(index: number): ItemStatus | null {
    return this.sql.exec<{ status: ItemStatus }>("SELECT status FROM items WHERE idx = ?", index).toArray()[0]?.status ?? null;
  }

  /** A transient failure: remembered for the report, and the item's deadline moves on (it is making progress). */
  noteAttempt(index: number, error: string, deadline: number): void {
    this.sql.exec(
      "UPDATE items SET attempts = attempts + 1, error = ?, deadline = CASE WHEN deadline IS NULL THEN NULL ELSE ? END WHERE idx = ? AND status = 'pending'",
      error,
      deadline,
      index,
    );
  }

  lastError(index: number): { attempts: number; error: string | null; sends: number } | null {
    return this.sql.exec<{ attempts: number; error: string | null; sends: number }>("SELECT attempts, error, sends FROM items WHERE idx = ?", index).toArray()[0] ?? null;
  }

  /**
   * pending -> done/failed; true only for the call that changed it. A late
   * answer for an item given up as `timed_out` still counts (`lateOk`),
   * until the batch starts closing.
   */
  finish(index: number, status: "done" | "failed", error: string | null, lateOk: boolean): boolean {
    const late = lateOk ? " OR (status = 'failed' AND error = 'timed_out')" : "";
    return this.sql.exec(`UPDATE items SET status = ?, error = ?, deadline = NULL WHERE idx = ? AND (status = 'pending'${late})`, status, error, index).rowsWritten > 0;
  }

  inFlight(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM items WHERE status = 'pending' AND deadline IS NOT NULL").one().n;
  }

  /** Up to `n` waiting items, lowest index first, marked in flight until `deadline` (one more send each). */
  takeWaiting(n: number, deadline: number): ItemRow[] {
    if (n <= 0) return [];
    const rows = this.sql.exec<ItemRow>("SELECT idx, key, sends FROM items WHERE status = 'pending' AND deadline IS NULL ORDER BY idx LIMIT ?", n).toArray();
    for (const r of rows) this.sql.exec("UPDATE items SET deadline = ?, sends = sends + 1 WHERE idx = ?", deadline, r.idx);
    return rows.map((r) => ({ ...r, sends: r.sends + 1 }));
  }

  /** Undoes takeWaiting for rows whose messages could not be sent. */
  putBack(rows: ItemRow[]): void {
    for (const r of rows) this.sql.exec("UPDATE items SET deadline = NULL, sends = sends - 1 WHERE idx = ? AND status = 'pending'", r.idx);
  }

  /** In-flight items whose deadline has passed (no answer, no progress). */
  overdue(now: number): ItemRow[] {
    return this.sql.exec<ItemRow>("SELECT idx, key, sends FROM items WHERE status = 'pending' AND deadline IS NOT NULL AND deadline <= ? ORDER BY idx", now).toArray();
  }

  /** Back to waiting, to be sent again. */
  requeue(index: number): void {
    this.sql.exec("UPDATE items SET deadline = NULL WHERE idx = ? AND status = 'pending'", index);
  }

  nextDeadline(): number | null {
    return this.sql.exec<{ d: number | null }>("SELECT MIN(deadline) AS d FROM items WHERE status = 'pending'").one().d;
  }

  keys(): string[] {
    return this.sql.exec<{ key: string }>("SELECT key FROM items ORDER BY idx").toArray().map((r) => r.key);
  }

  counts(): { done: number; failed: number; pending: number } {
    const out = { done: 0, failed: 0, pending: 0 };
    for (const row of this.sql.exec<{ status: ItemStatus; n: number }>("SELECT status, COUNT(*) AS n FROM items GROUP BY status")) out[row.status] = row.n;
    return out;
  }
}
