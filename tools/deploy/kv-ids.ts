/**
 * Writes KV namespace ids into wrangler.toml where wrangler expects them: the
 * `id` of each `[[kv_namespaces]]` table, found by its `binding`. A line edit,
 * so comments and layout stay as they are (wrangler's own config patcher
 * refuses TOML with comments). Returns the text unchanged when every id is
 * already there.
 */
export function withKvIds(toml: string, ids: Readonly<Record<string, string>>): string {
  const lines = toml.split("\n");
  const found = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "[[kv_namespaces]]") continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*\[/.test(lines[end])) end++;
    const table = lines.slice(i + 1, end);
    const binding = table.map((l) => /^\s*binding\s*=\s*"([^"]*)"/.exec(l)?.[1]).find(Boolean);
    if (!binding || !(binding in ids)) continue;
    if (!/^[0-9a-f]{32}$/.test(ids[binding])) throw new Error(`not a KV namespace id for ${binding}: ${ids[binding]}`);
    found.add(binding);
    const line = `id = "${ids[binding]}"`;
    const idAt = table.findIndex((l) => /^\s*id\s*=/.test(l));
    if (idAt >= 0) lines[i + 1 + idAt] = line;
    else lines.splice(i + 1 + table.findIndex((l) => /^\s*binding\s*=/.test(l)) + 1, 0, line);
  }
  const missing = Object.keys(ids).filter((b) => !found.has(b));
  if (missing.length) throw new Error(`wrangler.toml has no [[kv_namespaces]] with binding ${missing.join(", ")}`);
  return lines.join("\n");
}
