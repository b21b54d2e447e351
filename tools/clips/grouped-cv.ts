/**
 * Cross-validation that keeps each group's clips (a subject, a video, a
 * session, the photo a synthetic clip was made from) on one side of every
 * split, and the regularisation chosen by validation inside the training
 * side only (nested), so the reported figure never saw its test clips.
 * Plain TypeScript around the shared linear trainer (./linear-model.ts).
 */
import { fitLinear, predictLabel, type FitOptions, type LabelledDescriptor } from "../learn/linear-model.ts";

export interface GroupedRow extends LabelledDescriptor {
  group: string;
}

export interface Metrics {
  /** Held-out clips scored (every clip once, unless a fold could not be trained). */
  n: number;
  accuracy: number;
  /** Mean over classes of F1 (classes never seen nor predicted count as 0). */
  macroF1: number;
  perClassRecall: Record<string, number>;
  /** matrix[truth][predicted], in `labels` order. */
  confusion: { labels: string[]; matrix: number[][] };
}

/**
 * k folds over groups: groups, largest first, each go to the fold that has
 * the fewest clips of the group's most common label so far (then the fewest
 * clips), so folds stay near stratified. Deterministic. Returns each row's
 * fold; k is capped at the number of groups.
 */
export function groupedFolds(rows: { label: string; group: string }[], k: number): { fold: number[]; k: number } {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => groups.set(r.group, [...(groups.get(r.group) ?? []), i]));
  k = Math.max(1, Math.min(k, groups.size));
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const perFold = Array.from({ length: k }, () => new Map(labels.map((l) => [l, 0])));
  const sizes = new Array<number>(k).fill(0);
  const fold = new Array<number>(rows.length);
  const ordered = [...groups].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  for (const [, members] of ordered) {
    const count = new Map<string, number>();
    for (const i of members) count.set(rows[i].label, (count.get(rows[i].label) ?? 0) + 1);
    const major = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    let best = 0;
    for (let f = 1; f < k; f++) {
      const d = perFold[f].get(major)! - perFold[best].get(major)!;
      if (d < 0 || (d === 0 && sizes[f] < sizes[best])) best = f;
    }
    for (const i of members) {
      fold[i] = best;
      perFold[best].set(rows[i].label, perFold[best].get(rows[i].label)! + 1);
    }
    sizes[best] += members.length;
  }
  return { fold, k };
}

export function metrics(truth: string[], predicted: string[], labels: string[]): Metrics {
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  let n = 0;
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (!p) return; // not scored
    n++;
    if (p === t) correct++;
    matrix[index.get(t)!][index.get(p)!]++;
  });
  const perClassRecall: Record<string, number> = {};
  let f1Sum = 0;
  labels.forEach((l, k) => {
    const tp = matrix[k][k];
    const actual = matrix[k].reduce((a, b) => a + b, 0);
    const predictedK = matrix.reduce((a, row) => a + row[k], 0);
    perClassRecall[l] = actual ? tp / actual : 0;
    f1Sum += actual + predictedK ? (2 * tp) / (actual + predictedK) : 0;
  });
  return { n, accuracy: n ? correct / n : NaN, macroF1: f1Sum / labels.length, perClassRecall, confusion: { labels, matrix } };
}

/** Held-out predictions of `fit` over grouped folds ("" where a fold's training side had fewer than two labels). */
export function groupedPredictions<R extends GroupedRow>(rows: R[], k: number, fit: (train: R[], foldIndex: number) => (row: R) => string) {
  const { fold, k: folds } = groupedFolds(rows, k);
  const predicted = new Array<string>(rows.length).fill("");
  for (let f = 0; f < folds; f++) {
    const train = rows.filter((_, i) => fold[i] !== f);
    if (new Set(train.map((r) => r.label)).size < 2) continue;
    const predict = fit(train, f);
    rows.forEach((r, i) => fold[i] === f && (predicted[i] = predict(r)));
  }
  return { predicted, folds };
}

export interface Candidate {
  l2: number;
  accuracy: number;
  macroF1: number;
}

/**
 * The L2 penalty from `grid` with the best grouped-CV macro-F1 on `rows`
 * (ties: the larger penalty, the simpler model). Macro-F1 rather than
 * accuracy so that a rare class counts.
 */
export function chooseL2(rows: GroupedRow[], k: number, grid: number[], fit: Partial<FitOptions>, labels: string[]): { l2: number; candidates: Candidate[] } {
  const candidates = grid.map((l2) => {
    const { predicted } = groupedPredictions(rows, k, (train) => {
      const model = fitLinear(train, { ...fit, l2 });
      return (row) => predictLabel(model, row.descriptor);
    });
    const m = metrics(rows.map((r) => r.label), predicted, labels);
    return { l2, accuracy: m.accuracy, macroF1: m.macroF1 };
  });
  const best = candidates.reduce((a, b) => (b.macroF1 > a.macroF1 || (b.macroF1 === a.macroF1 && b.l2 > a.l2) ? b : a));
  return { l2: best.l2, candidates };
}

export interface NestedResult {
  metrics: Metrics;
  folds: number;
  /** The penalty each outer fold's inner validation chose. */
  chosenPerFold: number[];
  predicted: string[];
}

/**
 * Nested grouped CV: for each outer fold, chooseL2 on the other folds only
 * (inner grouped folds), fit there with that penalty, score the held-out
 * groups. The figure to report for a model whose penalty is chosen by CV.
 */
export function nestedGroupedCV(rows: GroupedRow[], outerK: number, innerK: number, grid: number[], fit: Partial<FitOptions>, log: (line: string) => void = () => {}): NestedResult {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const chosenPerFold: number[] = [];
  const { predicted, folds } = groupedPredictions(rows, outerK, (train, f) => {
    const { l2 } = chooseL2(train, innerK, grid, fit, labels);
    chosenPerFold[f] = l2;
    log(`outer fold ${f + 1}: l2 ${l2} chosen on ${train.length} training clips`);
    const model = fitLinear(train, { ...fit, l2 });
    return (row) => predictLabel(model, row.descriptor);
  });
  return { metrics: metrics(rows.map((r) => r.label), predicted, labels), folds, chosenPerFold, predicted };
}

/** Plain grouped CV at one penalty. */
export function groupedCV(rows: GroupedRow[], k: number, fit: Partial<FitOptions>) {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const { predicted, folds } = groupedPredictions(rows, k, (train) => {
    const model = fitLinear(train, fit);
    return (row) => predictLabel(model, row.descriptor);
  });
  return { metrics: metrics(rows.map((r) => r.label), predicted, labels), folds, predicted };
}
