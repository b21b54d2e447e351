/** Turns the batch's result lines into the CLI's output: JSON Lines or CSV. */
export interface ResultLine {
  index: number;
  key: string;
  status: "done" | "failed";
  result?: { faces?: Record<string, unknown>[] } & Record<string, unknown>;
  error?: { code: string; detail?: string };
}

/** JSONL: the server's line with the local file name first. */
export function toJsonl(lines: ResultLine[], fileOf: (key: string) => string): string {
  return lines.map((l) => JSON.stringify({ file: fileOf(l.key), ...l })).join("\n") + (lines.length ? "\n" : "");
}

/** Nested objects become dotted columns; arrays of numbers/strings are joined with spaces; other arrays stay JSON. */
export function flatten(value: unknown, prefix: string, out: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    out[prefix] = value.every((v) => typeof v !== "object" || v === null) ? value.join(" ") : JSON.stringify(value);
  } else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = String(value);
  }
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV: one row per face (an image without faces, or a failed one, gets one row). */
export function toCsv(lines: ResultLine[], fileOf: (key: string) => string): string {
  const rows: Record<string, string>[] = [];
  for (const l of lines) {
    const base: Record<string, string> = { file: fileOf(l.key), status: l.status, error: l.error ? `${l.error.code}${l.error.detail ? `: ${l.error.detail}` : ""}` : "" };
    const faces = l.result?.faces ?? [];
    if (!faces.length) rows.push({ ...base, face: "" });
    faces.forEach((face, i) => {
      const row: Record<string, string> = { ...base, face: String(i) };
      flatten(face, "", row);
      rows.push(row);
    });
  }
  const columns: string[] = [];
  for (const row of rows) for (const c of Object.keys(row)) if (!columns.includes(c)) columns.push(c);
  return [columns, ...rows.map((r) => columns.map((c) => r[c] ?? ""))].map((cells) => cells.map(csvCell).join(",")).join("\n") + "\n";
}
