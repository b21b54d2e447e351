import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CalibrationEntry, HeadEntry } from "../../src/runtime/manifest-schema.ts";
import { CalibrationFile } from "../../src/pipeline/calibration.ts";

/**
 * What `npm run models` adds to models/manifest.json from tools/heads: the
 * heads' entries (tools/heads/entries/<id>.json, written by
 * `npm run train:head -- ethnicity ... --dev`) and the calibrations
 * (models/calibration/<id>.json with their cards in
 * tools/heads/entries/calibrations/<id>.json). File facts (sha256, bytes)
 * come from the files in models/, never from the drafts.
 */
const ENTRIES = "tools/heads/entries";
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const jsonFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : []);
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

export function headEntries(modelsDir: string, log: (line: string) => void = () => {}): HeadEntry[] {
  return jsonFiles(ENTRIES).map((name) => {
    const draft = HeadEntry.parse(readJson(join(ENTRIES, name)));
    const bytes = readFileSync(join(modelsDir, draft.file));
    const hash = sha256(bytes);
    if (draft.sha256 !== hash) log(`${ENTRIES}/${name}: ${draft.file} has changed since its entry was written (retrain with --dev to refresh its card)`);
    return { ...draft, sha256: hash, bytes: bytes.byteLength };
  });
}

export function calibrationEntries(modelsDir: string): CalibrationEntry[] {
  const cards = join(ENTRIES, "calibrations");
  return jsonFiles(join(modelsDir, "calibration")).map((name) => {
    const file = `calibration/${name}`;
    const bytes = readFileSync(join(modelsDir, file));
    const c = CalibrationFile.parse(JSON.parse(bytes.toString("utf8")));
    const license = (readJson(join(modelsDir, file)) as { license: string }).license;
    const draft = readJson(join(cards, `${c.id}.json`)) as Pick<CalibrationEntry, "nonCommercial" | "card">;
    return CalibrationEntry.parse({ id: c.id, kind: c.kind, model: c.input.model, topL: c.input.topL, file, sha256: sha256(bytes), bytes: bytes.byteLength, license, ...draft });
  });
}
