import { argmax } from "../../src/pipeline/outputs.ts";
import { accuracy, AGE_BANDS, balancedAccuracy, confusionMatrix, inBand, recallByClass } from "../eval/metrics.ts";
import { ETHNICITY_5 } from "./datasets.ts";
import { column, type CachedImage, type FeatureCache } from "./feature-cache.ts";

/** Ethnicity of the faces of one cached set by one model, against the 5-class truth. */
export interface EthnicityReport {
  model: string;
  framing: string;
  n: number;
  found: number;
  accuracy: number;
  balancedAccuracy: number;
  recall: Record<string, number>;
  /** confusion[truth][predicted], rows and columns in ETHNICITY_5 order. */
  confusion: number[][];
}

/**
 * 5-class scores of a found face (a 7-class head is summed onto the 5
 * classes first). `im.row` is also the face's index in a head's outputs.
 */
export type EthnicityScorer = (im: CachedImage) => ArrayLike<number>;

export function ethnicityReport(model: string, cache: FeatureCache, score: EthnicityScorer): EthnicityReport {
  const found = cache.images.filter((im) => im.row >= 0);
  const pairs = found.map((im) => ({ truth: im.race5, pred: ETHNICITY_5[argmax(score(im))] }));
  return ethnicityReportOf(model, cache.framing, cache.images.length, pairs);
}

/** The report from (truth, predicted) label pairs of the faces found among `n` images. */
export function ethnicityReportOf(model: string, framing: string, n: number, pairs: { truth: string; pred: string }[]): EthnicityReport {
  const recall = recallByClass(pairs, ETHNICITY_5);
  return {
    model,
    framing,
    n,
    found: pairs.length,
    accuracy: accuracy(pairs),
    balancedAccuracy: balancedAccuracy(pairs, [...ETHNICITY_5]),
    recall: Object.fromEntries(ETHNICITY_5.map((l, i) => [l, recall[i]])),
    confusion: confusionMatrix(pairs, ETHNICITY_5),
  };
}

export const gearScorer = (cache: FeatureCache): EthnicityScorer => (im) => column(cache, im, "gear");

const pct = (x: number) => (100 * x).toFixed(1) + "%";

/** Markdown: one row per report, then each report's confusion matrix. */
export function formatEthnicityReports(reports: EthnicityReport[]): string {
  const lines = [
    `| model | framing | faces | accuracy | balanced | ${ETHNICITY_5.map((l) => `recall ${l}`).join(" | ")} |`,
    `|---|---|---|---|---|${ETHNICITY_5.map(() => "---").join("|")}|`,
    ...reports.map((r) => `| ${r.model} | ${r.framing} | ${r.found}/${r.n} | ${pct(r.accuracy)} | ${pct(r.balancedAccuracy)} | ${ETHNICITY_5.map((l) => pct(r.recall[l])).join(" | ")} |`),
  ];
  for (const r of reports) {
    lines.push("", `${r.model}, ${r.framing}: confusion (rows truth, columns predicted)`, `| truth \\ predicted | ${ETHNICITY_5.join(" | ")} |`, `|---|${ETHNICITY_5.map(() => "---").join("|")}|`);
    r.confusion.forEach((row, t) => lines.push(`| ${ETHNICITY_5[t]} | ${row.join(" | ")} |`));
  }
  return lines.join("\n");
}

/** Accuracy of a scorer on the found faces whose true age is in [lo, hi]. */
export function accuracyAtAges(cache: FeatureCache, score: EthnicityScorer, lo: number, hi: number): { n: number; accuracy: number } {
  const pairs = cache.images
    .filter((im) => im.row >= 0 && im.age !== undefined && inBand(im.age, lo, hi))
    .map((im) => ({ truth: im.race5, pred: ETHNICITY_5[argmax(score(im))] }));
  return { n: pairs.length, accuracy: accuracy(pairs) };
}

/** Accuracy and balanced accuracy of each scorer by true age band (UTKFace's exact ages). */
export function formatEthnicityByAge(cache: FeatureCache, scorers: [string, EthnicityScorer][]): string {
  const found = cache.images.filter((im) => im.row >= 0 && im.age !== undefined);
  const lines = [`| model (${cache.framing}) | ${AGE_BANDS.map(([b]) => b).join(" | ")} |`, `|---|${AGE_BANDS.map(() => "---").join("|")}|`];
  for (const [name, score] of scorers) {
    const cells = AGE_BANDS.map(([, lo, hi]) => {
      const pairs = found.filter((im) => inBand(im.age!, lo, hi)).map((im) => ({ truth: im.race5, pred: ETHNICITY_5[argmax(score(im))] }));
      return `${pct(accuracy(pairs))} / ${pct(balancedAccuracy(pairs, [...ETHNICITY_5]))} (n=${pairs.length})`;
    });
    lines.push(`| ${name} | ${cells.join(" | ")} |`);
  }
  return ["Accuracy / balanced accuracy by true age band", ...lines].join("\n");
}
