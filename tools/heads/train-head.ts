/**
 * npm run train:head -- ethnicity|age [options]   (--help for the options)
 *
 * Trains heads on faceres's outputs from labelled sets run through the API's
 * own pipeline (features cached under build/heads/), and writes the
 * artefacts the runtime loads. Deterministic: the same data and the same
 * shipped faceres give the same bytes.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { trainAge } from "./train-age.ts";
import { trainEthnicity } from "./train-ethnicity.ts";
import { DEFAULT_CACHE } from "./extract-features.ts";

const HELP = `Usage: npm run train:head -- ethnicity (--fairface DIR | --utkface-train DIR) [options]
  Fits a linear softmax head on faceres's 1024-d identity features, with the
  L2 penalty chosen by k-fold cross-validation (printed), and writes it as a
  tiny ONNX model (features [N,1024] -> probabilities [N,K]).
    --fairface DIR        FairFace images + labels.csv (CC BY 4.0: may ship)
    --utkface-train DIR   UTKFace chips (non-commercial: writes under build/ unless --out)
    --classes 5|7         the paper's 5 classes (default) or FairFace's 7
    --l2 LIST             penalties to cross-validate (default 0.01,0.03,0.1,0.3,1,3)
    --folds K             folds (default 5)
    --iterations N        L-BFGS iteration cap (default 500)
    --no-l2-normalise     standardise the raw features instead of unit vectors
    --id ID               model id (default faceres_ethnicity, faceres_ethnicity7 for 7 classes)
    --out FILE            default models/heads/<id>.fp32.onnx (FairFace), build/heads/<id>.fp32.onnx (UTKFace)
    --dev DIR             also measure it beside gear on a UTKFace dev folder (pipeline and whole chip)
    --entry FILE          with --dev: write the draft manifest entry (default tools/heads/entries/<id>.json)
    --compare-mlp         also cross-validate (and measure on --dev) a small MLP; it is not exported

npm run train:head -- age --utkface-train DIR [--fairface DIR] [--dev DIR] [--out-dir DIR]
  Fits age calibrations of Eq. 1 (monotone maps, a ridge head on the features)
  and measures each on the dev folder by age band; writes their JSON artefacts.

Common: --models DIR (default models), --cache DIR (default ${DEFAULT_CACHE}), --json FILE (all results).`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h", default: false },
      fairface: { type: "string" },
      "utkface-train": { type: "string" },
      classes: { type: "string", default: "5" },
      l2: { type: "string", default: "0.01,0.03,0.1,0.3,1,3" },
      folds: { type: "string", default: "5" },
      iterations: { type: "string", default: "500" },
      "no-l2-normalise": { type: "boolean", default: false },
      id: { type: "string" },
      out: { type: "string" },
      "out-dir": { type: "string" },
      dev: { type: "string" },
      entry: { type: "string" },
      "compare-mlp": { type: "boolean", default: false },
      models: { type: "string", default: "models" },
      cache: { type: "string", default: DEFAULT_CACHE },
      json: { type: "string" },
    },
  });
  const what = positionals[0];
  if (values.help || (what !== "ethnicity" && what !== "age")) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  const log = (line: string) => console.log(line);
  const command = `npm run train:head -- ${process.argv.slice(2).join(" ")}`;
  let result: unknown;
  if (what === "ethnicity") {
    const train = values.fairface ? { dataset: "fairface" as const, dir: values.fairface } : values["utkface-train"] ? { dataset: "utkface" as const, dir: values["utkface-train"] } : undefined;
    if (!train || (values.fairface && values["utkface-train"])) throw new Error("give exactly one of --fairface DIR or --utkface-train DIR");
    const classes = values.classes === "7" ? 7 : 5;
    if (classes === 7 && train.dataset !== "fairface") throw new Error("--classes 7 needs FairFace's labels");
    const id = values.id ?? (train.dataset === "utkface" ? "faceres_ethnicity_utkface_nc" : classes === 7 ? "faceres_ethnicity7" : "faceres_ethnicity");
    // Heads live in models/heads/: npm run models removes unknown .onnx files at the top of models/.
    const out = values.out ?? `${train.dataset === "fairface" ? `${values.models}/heads` : values.cache}/${id}.fp32.onnx`;
    result = await trainEthnicity(
      {
        train,
        id,
        out,
        classes,
        folds: Number(values.folds),
        grid: values.l2!.split(",").map(Number),
        iterations: Number(values.iterations),
        l2Normalise: !values["no-l2-normalise"],
        dev: values.dev,
        entry: values.dev ? values.entry ?? `tools/heads/entries/${id}.json` : undefined,
        compareMlp: values["compare-mlp"],
        models: values.models!,
        cache: values.cache!,
        command,
      },
      log,
    );
  } else {
    if (!values["utkface-train"]) throw new Error("age needs --utkface-train DIR");
    result = await trainAge({ utkfaceTrain: values["utkface-train"], fairface: values.fairface, dev: values.dev, outDir: values["out-dir"] ?? "models/calibration", models: values.models!, cache: values.cache!, command }, log);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2) + "\n");
}

await main();
