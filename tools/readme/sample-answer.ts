/**
 * The README's sample answer: a real /v1/analyze answer abridged to its first
 * face, written compactly, and the comparison the doc-test makes between the
 * README's copy and a fresh answer. onnxruntime-web's wasm computes the same
 * on every CPU, so a fresh answer should match to the last digit; the
 * tolerances only absorb a change of the last rounded digit.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The answer with its first face only and a note of how many more there were. */
export function abridge(answer: { faces: Json[] } & Record<string, Json>): Record<string, Json> {
  const more = answer.faces.length - 1;
  return { ...answer, faces: more > 0 ? [answer.faces[0], `... ${more} more face${more === 1 ? "" : "s"}`] : answer.faces };
}

/** One value on one line: `{"x": 1, "y": [2, 3]}`. */
function compact(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(compact).join(", ")}]`;
  if (v && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`).join(", ")}}`;
  return JSON.stringify(v);
}

/** Top-level fields one per line, each face's fields one per line. */
export function formatSample(sample: Record<string, Json>): string {
  const lines = ["{"];
  const entries = Object.entries(sample);
  entries.forEach(([k, v], i) => {
    const comma = i < entries.length - 1 ? "," : "";
    if (k === "faces" && Array.isArray(v)) {
      lines.push(`  "faces": [`);
      v.forEach((face, j) => {
        const faceComma = j < v.length - 1 ? "," : "";
        if (face && typeof face === "object" && !Array.isArray(face)) {
          lines.push("    {");
          const fields = Object.entries(face);
          fields.forEach(([fk, fv], n) => lines.push(`      ${JSON.stringify(fk)}: ${compact(fv)}${n < fields.length - 1 ? "," : ""}`));
          lines.push(`    }${faceComma}`);
        } else lines.push(`    ${compact(face)}${faceComma}`);
      });
      lines.push(`  ]${comma}`);
    } else lines.push(`  ${JSON.stringify(k)}: ${compact(v)}${comma}`);
  });
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Largest difference allowed for a number, by the field it is in (timings are not compared). */
function tolerance(path: string[]): number {
  const key = path.filter((p) => !/^\d+$/.test(p));
  if (["box", "landmarks"].some((k) => key.includes(k))) return 0.2; // pixels, 1 decimal
  if (key.at(-1) === "years") return 0.2; // 1 decimal
  return 0.0002; // scores, 4 decimals
}

/** Where `sample` (the README's) and `live` (abridged the same way) differ beyond rounding; [] when they agree. */
export function sampleDifferences(sample: Json, live: Json, path: string[] = []): string[] {
  const where = path.join(".") || "(root)";
  if (path[0] === "timings") return typeof live === "object" && live && !Array.isArray(live) ? [] : [`${where}: not an object`];
  if (typeof sample === "number" && typeof live === "number") {
    return Math.abs(sample - live) <= tolerance(path) ? [] : [`${where}: README ${sample}, API ${live}`];
  }
  if (Array.isArray(sample) && Array.isArray(live)) {
    if (sample.length !== live.length) return [`${where}: README has ${sample.length} items, API ${live.length}`];
    return sample.flatMap((s, i) => sampleDifferences(s, live[i], [...path, String(i)]));
  }
  if (sample && live && typeof sample === "object" && typeof live === "object" && !Array.isArray(sample) && !Array.isArray(live)) {
    const keys = Object.keys(sample).join(",");
    if (keys !== Object.keys(live).join(",")) return [`${where}: README keys ${keys}, API ${Object.keys(live).join(",")}`];
    return Object.keys(sample).flatMap((k) => sampleDifferences(sample[k], live[k], [...path, k]));
  }
  return sample === live ? [] : [`${where}: README ${JSON.stringify(sample)}, API ${JSON.stringify(live)}`];
}
