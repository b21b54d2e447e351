import { ageExpectation } from "../../src/pipeline/age.ts";
import { AGE_BANDS, inBand, mae, meanSignedError } from "../eval/metrics.ts";
import { column, type CachedImage, type FeatureCache } from "./feature-cache.ts";

/** The paper's Eq. 1 age of a cached face (faceres's posterior, index = years). */
export function eq1Age(cache: FeatureCache, im: CachedImage, topL: number): number {
  return ageExpectation(column(cache, im, "agePosterior"), topL).years;
}

interface Cell {
  n: number;
  mae: number;
  /** Mean of prediction − truth. */
  bias: number;
}

export interface AgeReport {
  method: string;
  all: Cell;
  /** Ages 21-60 with predictions clipped to the band, as the paper reports it. */
  band21to60: Cell;
  /** By true age band: the bias an older face meets. */
  bands: (Cell & { band: string })[];
  /** By predicted age band: what a calibration can fix (E[truth | prediction]). */
  byPredicted: (Cell & { band: string })[];
}

const cell = (pairs: { truth: number; pred: number }[]): Cell => ({ n: pairs.length, mae: mae(pairs), bias: meanSignedError(pairs) });

/** Age error of `predict` over the found faces of a cached UTKFace set (exact ages). */
export function ageReport(method: string, cache: FeatureCache, predict: (im: CachedImage) => number): AgeReport {
  const pairs = cache.images.filter((im) => im.row >= 0).map((im) => ({ truth: im.age!, pred: predict(im) }));
  const mid = pairs.filter((p) => inBand(p.truth, 21, 60)).map((p) => ({ truth: p.truth, pred: Math.min(60, Math.max(21, p.pred)) }));
  // Predictions are continuous: a predicted band is [lo, next lo).
  const predBand = (v: number, i: number) => v >= AGE_BANDS[i][1] && (i === AGE_BANDS.length - 1 || v < AGE_BANDS[i + 1][1]);
  return {
    method,
    all: cell(pairs),
    band21to60: cell(mid),
    bands: AGE_BANDS.map(([band, lo, hi]) => ({ band, ...cell(pairs.filter((p) => inBand(p.truth, lo, hi))) })),
    byPredicted: AGE_BANDS.map(([band], i) => ({ band, ...cell(pairs.filter((p) => predBand(p.pred, i))) })),
  };
}

const fmt = (c: Cell) => (c.n ? `${c.mae.toFixed(2)} (${c.bias >= 0 ? "+" : ""}${c.bias.toFixed(1)})` : "—");

/** Markdown: MAE (mean signed error) per method, by true band, then by predicted band. */
export function formatAgeReports(reports: AgeReport[]): string {
  const bands = AGE_BANDS.map(([b]) => b);
  const head = (what: string) => [`| ${what} | all | 21-60 (clipped) | ${bands.join(" | ")} |`, `|---|---|---|${bands.map(() => "---").join("|")}|`];
  const r0 = reports[0];
  return [
    `MAE in years (mean signed error, prediction − truth), by TRUE age band; n: all ${r0.all.n}, 21-60 ${r0.band21to60.n}, ${r0.bands.map((b) => `${b.band} ${b.n}`).join(", ")}`,
    ...head("method"),
    ...reports.map((r) => `| ${r.method} | ${fmt(r.all)} | ${fmt(r.band21to60)} | ${r.bands.map(fmt).join(" | ")} |`),
    "",
    "The same, by PREDICTED age band (n varies by method)",
    ...head("method"),
    ...reports.map((r) => `| ${r.method} | ${fmt(r.all)} | ${fmt(r.band21to60)} | ${r.byPredicted.map((c) => `${fmt(c)} n=${c.n}`).join(" | ")} |`),
  ].join("\n");
}
