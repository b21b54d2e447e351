/** Accuracy and macro-F1 over labels; MAE; age bands. */
export function accuracy(pairs: { truth: string; pred: string }[]): number {
  return pairs.length ? pairs.filter((p) => p.truth === p.pred).length / pairs.length : NaN;
}

export function macroF1(pairs: { truth: string; pred: string }[], labels: string[]): number {
  const f1s = labels.map((l) => {
    const tp = pairs.filter((p) => p.truth === l && p.pred === l).length;
    const fp = pairs.filter((p) => p.truth !== l && p.pred === l).length;
    const fn = pairs.filter((p) => p.truth === l && p.pred !== l).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return f1s.reduce((a, b) => a + b, 0) / labels.length;
}

/** Mean of per-class recall (robust to class imbalance). */
export function balancedAccuracy(pairs: { truth: string; pred: string }[], labels: string[]): number {
  const present = labels.filter((l) => pairs.some((p) => p.truth === l));
  const recalls = present.map((l) => {
    const of = pairs.filter((p) => p.truth === l);
    return of.filter((p) => p.pred === l).length / of.length;
  });
  return recalls.reduce((a, b) => a + b, 0) / present.length;
}

export function mae(pairs: { truth: number; pred: number }[]): number {
  return pairs.length ? pairs.reduce((s, p) => s + Math.abs(p.truth - p.pred), 0) / pairs.length : NaN;
}

export const AGE_BANDS: [string, number, number][] = [
  ["0-12", 0, 12],
  ["13-20", 13, 20],
  ["21-30", 21, 30],
  ["31-45", 31, 45],
  ["46-60", 46, 60],
  ["61+", 61, 200],
];

export const inBand = (age: number, lo: number, hi: number) => age >= lo && age <= hi;

/** counts[t][p]: faces of true label labels[t] predicted labels[p]. */
export function confusionMatrix(pairs: { truth: string; pred: string }[], labels: readonly string[]): number[][] {
  const m = labels.map(() => labels.map(() => 0));
  for (const p of pairs) {
    const t = labels.indexOf(p.truth);
    const q = labels.indexOf(p.pred);
    if (t >= 0 && q >= 0) m[t][q]++;
  }
  return m;
}

/** Recall of each label (NaN for labels with no true faces). */
export function recallByClass(pairs: { truth: string; pred: string }[], labels: readonly string[]): number[] {
  return confusionMatrix(pairs, labels).map((row, t) => row[t] / row.reduce((a, b) => a + b, 0));
}

/** Mean signed error (prediction − truth): negative when predictions are too low. */
export function meanSignedError(pairs: { truth: number; pred: number }[]): number {
  return pairs.length ? pairs.reduce((s, p) => s + (p.pred - p.truth), 0) / pairs.length : NaN;
}
