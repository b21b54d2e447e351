/**
 * npm run train:clip -- descriptors.jsonl [--id NAME] [--kind logistic|svm] [--folds 5]
 *   [--l2 0.001] [--epochs 400] [--out models/classifiers/NAME.json] [--mode single|group] [--emotion-model ID]
 *
 * Fits a linear clip classifier on {label, descriptor[, mode, emotionModel]}
 * lines, prints k-fold cross-validated accuracy, and writes the JSON model the
 * Worker loads from the MODELS bucket as classifiers/<id>.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { toolArgs } from "../tool-args.ts";
import { ClipClassifierSchema, type ClipClassifier } from "../../src/clips/classifier.ts";
import { crossValidate, DEFAULT_FIT, fitLinear, type LabelledDescriptor } from "../learn/linear-model.ts";

interface Line extends LabelledDescriptor {
  mode?: "single" | "group";
  emotionModel?: string;
}

export function readDescriptors(path: string): Line[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const row = JSON.parse(l) as Line;
      if (typeof row.label !== "string" || !Array.isArray(row.descriptor)) throw new Error(`${path}:${i + 1}: need {label, descriptor}`);
      return row;
    });
}

function only<T>(values: (T | undefined)[], what: string, fallback?: T): T {
  const set = new Set(values.filter((v) => v !== undefined));
  if (set.size > 1) throw new Error(`descriptors mix several ${what}s: ${[...set].join(", ")}`);
  const v = [...set][0] ?? fallback;
  if (v === undefined) throw new Error(`unknown ${what}: pass --${what === "mode" ? "mode" : "emotion-model"}`);
  return v;
}

const USAGE = `Usage: npm run train:clip -- descriptors.jsonl [options]

Fits a linear clip classifier on {label, descriptor[, mode, emotionModel]} lines
(from npm run clip:descriptors), prints k-fold cross-validated accuracy and
writes the JSON model the Worker loads from the MODELS bucket.

Options:
  --id NAME              classifier id (default: the input's file name)
  --kind logistic|svm    class-weighted multinomial logistic regression (default) or a linear SVM
  --folds N              cross-validation folds (default 5)
  --l2 X                 L2 penalty (default ${DEFAULT_FIT.l2})
  --epochs N             training epochs (default ${DEFAULT_FIT.epochs})
  --out FILE             where to write it (default models/classifiers/NAME.json)
  --mode single|group    when the lines do not say
  --emotion-model ID     when the lines do not say
  -h, --help             this help`;

function main() {
  const { values, positionals } = toolArgs(
    "train:clip",
    USAGE,
    {
      id: { type: "string" }, kind: { type: "string", default: "logistic" }, folds: { type: "string", default: "5" },
      l2: { type: "string", default: String(DEFAULT_FIT.l2) }, epochs: { type: "string", default: String(DEFAULT_FIT.epochs) },
      out: { type: "string" }, mode: { type: "string" }, "emotion-model": { type: "string" },
    },
    { allowPositionals: true },
  );
  const input = positionals[0];
  if (!input) throw new Error(`no descriptors file given\n\n${USAGE}`);
  const rows = readDescriptors(input);
  const kind = values.kind === "svm" ? "svm" : "logistic";
  const fit = { kind, l2: Number(values.l2), epochs: Number(values.epochs) } as const;
  const id = values.id ?? basename(input).replace(/\.jsonl?$/, "").replace(/[^A-Za-z0-9._-]/g, "-");
  const mode = only(rows.map((r) => r.mode), "mode", values.mode as "single" | "group" | undefined);
  const emotionModel = only(rows.map((r) => r.emotionModel), "emotion model", values["emotion-model"]);

  const perLabel = new Map<string, number>();
  for (const r of rows) perLabel.set(r.label, (perLabel.get(r.label) ?? 0) + 1);
  const counts = [...perLabel].map(([l, c]) => `${l}=${c}`);
  console.log(`${rows.length} clips (${counts.join(", ")}), descriptor ${rows[0].descriptor.length} values, ${mode}, ${emotionModel}`);
  const folds = Math.max(2, Math.min(Number(values.folds), rows.length));
  const cv = crossValidate(rows, folds, fit);
  console.log(`${kind}: ${cv.folds}-fold CV accuracy ${(100 * cv.accuracy).toFixed(2)}% (folds: ${cv.perFold.map((a) => (100 * a).toFixed(1)).join(", ")})`);

  const model: ClipClassifier = ClipClassifierSchema.parse({ id, mode, emotionModel, cvAccuracy: cv.accuracy, ...fitLinear(rows, fit) });
  const out = values.out ?? `models/classifiers/${id}.json`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(model));
  console.log(`wrote ${out} (upload to the MODELS bucket as classifiers/${id}.json)`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
