/**
 * npm run train:clip -- descriptors.jsonl [options]   (--help for them)
 *
 * Fits a linear clip classifier on the {label, descriptor, path, ...} lines
 * clip:descriptors writes and writes the JSON model (with its card) the
 * Worker loads from the MODELS bucket as classifiers/<id>.json; `npm run dev`
 * seeds models/classifiers/ there. The headline figure is grouped
 * cross-validation — clips of one group (--group-by) never on both sides —
 * with the L2 penalty chosen inside each training side (nested), and the
 * final model's penalty chosen by grouped CV on all clips.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ClipClassifierSchema, type ClassifierCard, type ClipClassifier } from "../../src/clips/classifier.ts";
import { chooseL2, groupedCV, nestedGroupedCV, type GroupedRow, type Metrics } from "./grouped-cv.ts";
import { crossValidate, DEFAULT_FIT, fitLinear } from "../learn/linear-model.ts";
import { isMain } from "../is-main.mjs";

const USAGE = `Usage: npm run train:clip -- descriptors.jsonl [options]

Options:
  --group-by <spec>       which clips belong together (never split across folds):
                            segment:N  the Nth segment of the clip's path (0 = label directory,
                                       -1 = the clip directory, -2 its parent, ...)
                            column:X   (or just X) field X of each JSON line, e.g. subject
                          default: every clip its own group (a warning: clips of one person
                          or video on both sides of a split flatter the figure)
  --folds <k>             outer folds (default 5)
  --inner-folds <k>       folds of the inner validation that picks the penalty (default 3)
  --l2-grid <list>        penalties to choose from (default 1e-4,1e-3,1e-2,1e-1)
  --l2 <x>                use this penalty, no choice (the card says so)
  --select nested|grouped nested: headline CV chooses the penalty inside each training side
                          (default); grouped: one grouped CV per penalty, the best one reported
                          (optimistic, cheaper)
  --report-ungrouped      also print plain stratified CV at the chosen penalty, clips split one by one
                          (groups ignored): the figure a split by clip would have claimed
  --kind logistic|svm     default logistic
  --epochs <n>            optimiser steps (default ${DEFAULT_FIT.epochs})
  --id <name>             classifier id (default: the input file name)
  --out <file>            default models/classifiers/<id>.json
  --data <text>           what the clips are, for the card (default: the input file and counts)
  --mode single|group     if the lines do not say
  --emotion-model <id>    if the lines do not say
  -h, --help              this help`;

class UsageError extends Error {}

interface Line {
  label: string;
  descriptor: number[];
  path?: string;
  clip?: string;
  mode?: "single" | "group";
  emotionModel?: string | null;
  [column: string]: unknown;
}

export function readDescriptors(path: string): Line[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const row = JSON.parse(l) as Line;
      if (typeof row.label !== "string" || !Array.isArray(row.descriptor)) throw new UsageError(`${path}:${i + 1}: need {label, descriptor}`);
      return row;
    });
}

/** The group of each line under a --group-by spec (see USAGE); undefined: each clip alone. */
export function groupOf(spec: string | undefined): (line: Line, i: number) => string {
  if (!spec) return (_, i) => `#${i}`;
  const seg = /^segment:(-?\d+)$/.exec(spec);
  if (seg) {
    const n = Number(seg[1]);
    return (line, i) => {
      if (typeof line.path !== "string") throw new UsageError(`line ${i + 1} has no path: --group-by segment needs clip:descriptors lines (or use column:NAME)`);
      const parts = line.path.split("/");
      const part = n < 0 ? parts[parts.length + n] : parts[n];
      if (part === undefined) throw new UsageError(`line ${i + 1}: path ${line.path} has no segment ${n}`);
      return part;
    };
  }
  const column = spec.startsWith("column:") ? spec.slice("column:".length) : spec;
  return (line, i) => {
    const v = line[column];
    if (v === undefined || v === null || v === "") throw new UsageError(`line ${i + 1} has no ${column}`);
    return String(v);
  };
}

function only<T>(values: (T | null | undefined)[], what: string, flag: string, given?: T): T {
  const set = new Set(values.filter((v): v is T => v !== undefined && v !== null));
  if (given !== undefined) set.add(given);
  if (set.size > 1) throw new UsageError(`descriptors mix several ${what}s: ${[...set].join(", ")}`);
  const v = [...set][0];
  if (v === undefined) throw new UsageError(`unknown ${what}: pass ${flag}`);
  return v;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function printMetrics(title: string, m: Metrics) {
  console.log(`${title}: accuracy ${pct(m.accuracy)}, macro-F1 ${pct(m.macroF1)} (${m.n} clips)`);
  console.log(`  recall: ${Object.entries(m.perClassRecall).map(([l, r]) => `${l} ${pct(r)}`).join(", ")}`);
  const w = Math.max(5, ...m.confusion.labels.map((l) => l.length));
  console.log(`  confusion (rows: true, columns: predicted)`);
  console.log(`  ${"".padEnd(w)} ${m.confusion.labels.map((l) => l.slice(0, 6).padStart(6)).join(" ")}`);
  m.confusion.matrix.forEach((row, k) => console.log(`  ${m.confusion.labels[k].padEnd(w)} ${row.map((v) => String(v).padStart(6)).join(" ")}`));
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const cardMetrics = (m: Metrics) => ({
  accuracy: round4(m.accuracy),
  macroF1: round4(m.macroF1),
  perClassRecall: Object.fromEntries(Object.entries(m.perClassRecall).map(([l, r]) => [l, round4(r)])),
  confusion: m.confusion,
});

function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: "string" }, kind: { type: "string", default: "logistic" }, folds: { type: "string", default: "5" }, "inner-folds": { type: "string", default: "3" },
      "group-by": { type: "string" }, l2: { type: "string" }, "l2-grid": { type: "string", default: "1e-4,1e-3,1e-2,1e-1" }, select: { type: "string", default: "nested" },
      epochs: { type: "string", default: String(DEFAULT_FIT.epochs) }, out: { type: "string" }, data: { type: "string" },
      mode: { type: "string" }, "emotion-model": { type: "string" }, "report-ungrouped": { type: "boolean" }, help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return console.log(USAGE);
  const input = positionals[0];
  if (!input || positionals.length > 1) throw new UsageError(USAGE);
  if (values.kind !== "logistic" && values.kind !== "svm") throw new UsageError(`--kind must be logistic or svm, not ${values.kind}`);
  if (values.select !== "nested" && values.select !== "grouped") throw new UsageError(`--select must be nested or grouped, not ${values.select}`);
  const positive = (v: string, flag: string) => {
    const x = Number(v);
    if (!(x > 0) || !Number.isFinite(x)) throw new UsageError(`${flag} must be a positive number, not ${v}`);
    return x;
  };
  const grid = values.l2 !== undefined ? [positive(values.l2, "--l2")] : values["l2-grid"].split(",").map((v) => positive(v.trim(), "--l2-grid"));
  const folds = Math.max(2, Math.floor(positive(values.folds, "--folds")));
  const innerFolds = Math.max(2, Math.floor(positive(values["inner-folds"], "--inner-folds")));
  const fit = { kind: values.kind, epochs: Math.floor(positive(values.epochs, "--epochs")) } as const;

  const lines = readDescriptors(input);
  const id = values.id ?? basename(input).replace(/\.jsonl?$/, "").replace(/[^A-Za-z0-9._-]/g, "-");
  const mode = only(lines.map((r) => r.mode), "mode", "--mode", values.mode as "single" | "group" | undefined);
  const emotionModel = only(lines.map((r) => r.emotionModel), "emotion model", "--emotion-model", values["emotion-model"]);
  // A clip without any face has an empty descriptor from the tools: the paper's zero descriptor.
  const dim = Math.max(...lines.map((r) => r.descriptor.length));
  const faceless = lines.filter((r) => r.descriptor.length === 0).length;
  if (lines.some((r) => r.descriptor.length !== 0 && r.descriptor.length !== dim)) throw new UsageError("descriptors of different lengths: were they made with one emotion model and mode?");
  const group = groupOf(values["group-by"]);
  const rows: GroupedRow[] = lines.map((r, i) => ({ label: r.label, descriptor: r.descriptor.length ? r.descriptor : new Array<number>(dim).fill(0), group: group(r, i) }));

  const perLabel = Object.fromEntries([...new Set(rows.map((r) => r.label))].sort().map((l) => [l, rows.filter((r) => r.label === l).length]));
  const groups = new Set(rows.map((r) => r.group)).size;
  console.log(`${rows.length} clips (${Object.entries(perLabel).map(([l, c]) => `${l}=${c}`).join(", ")}), ${groups} groups, descriptor ${dim} values, ${mode}, ${emotionModel}${faceless ? `, ${faceless} without a face (zero descriptor)` : ""}`);
  if (!values["group-by"]) console.warn("warning: no --group-by: every clip is its own group; clips of one person or video on both sides of a split flatter the figure");

  let headline: { metrics: Metrics; folds: number };
  let scheme: string;
  let regularisation: NonNullable<ClassifierCard["regularisation"]>;
  if (grid.length === 1) {
    headline = groupedCV(rows, folds, { ...fit, l2: grid[0] });
    scheme = `grouped ${headline.folds}-fold CV at l2 ${grid[0]}`;
    regularisation = { l2: grid[0], chosenBy: "fixed by --l2 (not chosen by validation)" };
  } else {
    const labels = Object.keys(perLabel);
    const final = chooseL2(rows, folds, grid, fit, labels);
    const candidates = final.candidates.map((c) => ({ l2: c.l2, accuracy: round4(c.accuracy), macroF1: round4(c.macroF1) }));
    for (const c of candidates) console.log(`  l2 ${c.l2}: grouped CV accuracy ${pct(c.accuracy)}, macro-F1 ${pct(c.macroF1)}`);
    if (values.select === "nested") {
      const nested = nestedGroupedCV(rows, folds, innerFolds, grid, fit, (l) => console.log(`  ${l}`));
      headline = nested;
      scheme = `nested grouped CV: ${nested.folds} outer folds, l2 chosen by ${innerFolds}-fold grouped CV inside each`;
      regularisation = { l2: final.l2, chosenBy: `best macro-F1 over ${grid.join(", ")} in grouped ${folds}-fold CV on all clips`, candidates, chosenPerOuterFold: nested.chosenPerFold };
    } else {
      const best = groupedCV(rows, folds, { ...fit, l2: final.l2 });
      headline = best;
      scheme = `grouped ${best.folds}-fold CV at the penalty that scored best on the same folds (optimistic)`;
      regularisation = { l2: final.l2, chosenBy: `best macro-F1 over ${grid.join(", ")} in grouped ${folds}-fold CV on all clips`, candidates };
    }
  }
  printMetrics(`${values.kind}, ${scheme}`, headline.metrics);
  if (values["report-ungrouped"]) {
    const leaky = crossValidate(rows, folds, { ...fit, l2: regularisation.l2 });
    console.log(`for comparison, ${leaky.folds}-fold CV splitting clips one by one (groups ignored) at l2 ${regularisation.l2}: accuracy ${pct(leaky.accuracy)}`);
  }

  const card: ClassifierCard = {
    summary: `Linear ${values.kind} classifier over ${mode}-mode clip descriptors of ${emotionModel} (paper: mean, max, min, std of frame descriptors, L2-normalised), ${Object.keys(perLabel).length} classes.`,
    trainingData: {
      description: values.data ?? `${basename(input)}: ${rows.length} clips`,
      clips: rows.length,
      groups,
      groupBy: values["group-by"] ?? "none (each clip its own group)",
      perLabel,
      ...(faceless ? { clipsWithoutFaces: faceless } : {}),
    },
    crossValidation: { scheme, folds: headline.folds, ...cardMetrics(headline.metrics) },
    regularisation,
    trainedAt: new Date().toISOString(),
    command: `npm run train:clip -- ${argv.join(" ")}`,
  };
  const model: ClipClassifier = ClipClassifierSchema.parse({ id, mode, emotionModel, cvAccuracy: round4(headline.metrics.accuracy), card, ...fitLinear(rows, { ...fit, l2: regularisation.l2 }) });
  const out = values.out ?? `models/classifiers/${id}.json`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(model));
  const served = resolve(dirname(out)) === resolve("models/classifiers");
  console.log(`wrote ${out} (l2 ${regularisation.l2})${served ? "; the next npm run dev seeds it into the local bucket, npm run deploy uploads it" : ""}`);
}

if (isMain(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof UsageError ? err.message : err);
    process.exit(err instanceof UsageError ? 2 : 1);
  }
}
