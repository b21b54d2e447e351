import { crossValidate, fitLinear, type Fitted, type LabelledDescriptor } from "../learn/linear-model.ts";
import { ETHNICITY_5, FAIRFACE_7, FAIRFACE_TO_5 } from "./datasets.ts";
import { column, type CachedImage, type FeatureCache } from "./feature-cache.ts";

/** Output labels of a 7-class head: FairFace's classes in snake case. */
export const ETHNICITY_7 = FAIRFACE_7.map((c) => c.toLowerCase().replace(/\s+/g, "_"));

/** 7-class probabilities summed onto the paper's 5 classes (README's mapping). */
export function sevenToFive(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ETHNICITY_5.length);
  FAIRFACE_7.forEach((c, i) => (out[ETHNICITY_5.indexOf(FAIRFACE_TO_5[c])] += p[i]));
  return out;
}

export interface HeadTrainConfig {
  classes: 5 | 7;
  folds: number;
  /** L2 penalties to cross-validate; the best balanced accuracy wins (ties: the stronger penalty). */
  grid: number[];
  /** L-BFGS iteration cap (it stops earlier at the gradient tolerance). */
  iterations: number;
  l2Normalise: boolean;
}

/** L-BFGS to the regularised optimum: the fit depends on the penalty only, not on when a stochastic optimiser stopped. */
export const HEAD_SOLVER = { kind: "logistic", solver: "lbfgs", tolerance: 1e-6, balanced: true } as const;

export interface CvRow {
  l2: number;
  accuracy: number;
  balancedAccuracy: number;
  perFold: number[];
}

export function labelsFor(classes: 5 | 7): string[] {
  return classes === 7 ? ETHNICITY_7 : [...ETHNICITY_5];
}

/** Training rows (face features and their class) of the found faces of a cached set, in cache order. */
export function headRows(cache: FeatureCache, classes: 5 | 7): LabelledDescriptor[] {
  const labelOf = (im: CachedImage) => {
    if (classes === 5) return im.race5;
    if (!im.race7) throw new Error(`${im.file}: no 7-class label (only FairFace has them)`);
    return ETHNICITY_7[FAIRFACE_7.indexOf(im.race7 as (typeof FAIRFACE_7)[number])];
  };
  return cache.images.filter((im) => im.row >= 0).map((im) => ({ label: labelOf(im), descriptor: column(cache, im, "features") }));
}

/** Cross-validates each penalty, then fits the chosen one on all rows. */
export function trainHead(rows: LabelledDescriptor[], cfg: HeadTrainConfig, log: (line: string) => void): { cv: CvRow[]; chosen: CvRow; model: Fitted } {
  const labels = labelsFor(cfg.classes);
  const base = { ...HEAD_SOLVER, epochs: cfg.iterations, l2Normalise: cfg.l2Normalise, labels };
  const cv: CvRow[] = [];
  log(`| L2 penalty | ${cfg.folds}-fold CV accuracy | balanced accuracy | per fold |\n|---|---|---|---|`);
  for (const l2 of cfg.grid) {
    const r = crossValidate(rows, cfg.folds, { ...base, l2 });
    cv.push({ l2, accuracy: r.accuracy, balancedAccuracy: r.balancedAccuracy, perFold: r.perFold });
    log(`| ${l2} | ${(100 * r.accuracy).toFixed(2)}% | ${(100 * r.balancedAccuracy).toFixed(2)}% | ${r.perFold.map((a) => (100 * a).toFixed(1)).join(", ")} |`);
  }
  const chosen = cv.reduce((best, r) => (r.balancedAccuracy > best.balancedAccuracy || (r.balancedAccuracy === best.balancedAccuracy && r.l2 > best.l2) ? r : best));
  log(`chosen L2 penalty ${chosen.l2} (best CV balanced accuracy); fitting on all ${rows.length} faces`);
  return { cv, chosen, model: fitLinear(rows, { ...base, l2: chosen.l2, log }) };
}
