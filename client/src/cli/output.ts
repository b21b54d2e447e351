/**
 * The CLI's output: one JSON line per image, or CSV with one row per face.
 * Failed and refused images are in both, with their error.
 */

/** A line of the batch's results.jsonl. */
export interface ResultLine {
  index: number;
  key: string;
  status: "done" | "failed";
  result?: { faces?: Face[] } & Record<string, unknown>;
  error?: { code: string; detail?: string };
}

type Scores = { label?: string; scores?: Record<string, number> };
type Face = {
  box?: { x?: number; y?: number; width?: number; height?: number };
  score?: number;
  emotion?: Scores & { valence?: number; arousal?: number };
  age?: { years?: number };
  gender?: { label?: string; probability?: number };
  ethnicity?: Scores;
};

/** One image's outcome as the CLI writes it: the local file first. */
export interface OutputLine {
  file: string;
  /** The uploaded object's key (absent for a file that could not be uploaded). */
  key?: string;
  status: "done" | "failed";
  result?: ResultLine["result"];
  /** Why it failed: the API's problem code and detail; `stage` says whether the upload or the analysis refused it. */
  error?: { code: string; detail?: string; stage: "upload" | "analysis" };
}

/** Server lines (with local names) and refused uploads, one per image, sorted by file. */
export function outputLines(lines: ResultLine[], fileOf: (key: string) => string, refused: { file: string; error: { code: string; detail?: string } }[]): OutputLine[] {
  const out: OutputLine[] = lines.map((l) => ({
    file: fileOf(l.key),
    key: l.key,
    status: l.status,
    ...(l.result ? { result: l.result } : {}),
    ...(l.error ? { error: { code: l.error.code, ...(l.error.detail ? { detail: l.error.detail } : {}), stage: "analysis" as const } } : {}),
  }));
  for (const r of refused) out.push({ file: r.file, status: "failed", error: { code: r.error.code, ...(r.error.detail ? { detail: r.error.detail } : {}), stage: "upload" } });
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** JSON Lines: one object per image. */
export function toJsonl(lines: OutputLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join("\n") + (lines.length ? "\n" : "");
}

/**
 * The CSV columns, fixed whatever the tasks (empty where a task was not run):
 * the image, its error, then one face. Per-label scores, landmarks and
 * identity features are only in the JSON Lines output.
 */
export const CSV_COLUMNS = [
  "file", //            path relative to the folder
  "status", //          done | failed
  "error", //           problem code of a failed image (not_an_image, corrupt_image, too_large, ...)
  "errorDetail", //     its human-readable detail
  "face", //            0, 1, ... in the API's order (largest detection score first); empty for an image without faces
  "x", "y", "width", "height", // the face box, pixels of the EXIF-oriented image
  "score", //           detection confidence
  "emotion", //         top expression label
  "emotionScore", //    its probability
  "valence", "arousal", // emotion models that have them
  "age", //             apparent age in years (the paper's Eq. 1)
  "gender", //          apparent gender label
  "genderProbability",
  "ethnicity", //       apparent ethnicity label (when requested)
  "ethnicityScore",
] as const;

type CsvColumn = (typeof CSV_COLUMNS)[number];

const cell = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const topScore = (s: Scores | undefined) => (s?.label !== undefined ? s.scores?.[s.label] : undefined);

function faceRow(f: Face): Partial<Record<CsvColumn, unknown>> {
  return {
    x: f.box?.x, y: f.box?.y, width: f.box?.width, height: f.box?.height, score: f.score,
    emotion: f.emotion?.label, emotionScore: topScore(f.emotion), valence: f.emotion?.valence, arousal: f.emotion?.arousal,
    age: f.age?.years, gender: f.gender?.label, genderProbability: f.gender?.probability,
    ethnicity: f.ethnicity?.label, ethnicityScore: topScore(f.ethnicity),
  };
}

/** CSV: a header, then one row per face; an image without faces, or a failed one, gets one row. */
export function toCsv(lines: OutputLine[]): string {
  const rows: Partial<Record<CsvColumn, unknown>>[] = [];
  for (const l of lines) {
    const base = { file: l.file, status: l.status, error: l.error?.code, errorDetail: l.error?.detail };
    const faces = l.result?.faces ?? [];
    if (!faces.length) rows.push(base);
    faces.forEach((f, i) => rows.push({ ...base, face: i, ...faceRow(f) }));
  }
  return [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => quote(cell(r[c]))).join(","))].join("\n") + "\n";
}
