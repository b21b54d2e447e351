/**
 * Monotone (non-decreasing) maps y ≈ f(x) by the pool-adjacent-violators
 * algorithm, reduced to the knots of a piecewise-linear map that a runtime
 * applies by interpolation. Plain TypeScript, deterministic.
 */
import { calibratedAge } from "../../src/pipeline/calibration.ts";

/** A non-decreasing piecewise-linear map: interpolate between knots, constant beyond the ends. */
export interface MonotoneMap {
  x: number[];
  y: number[];
}

/** The map at v: the runtime's own interpolation (flat beyond the first and last knots), so a fit is measured as it will be served. */
export const applyMap = (map: MonotoneMap, v: number): number => calibratedAge(map, v);

/**
 * A point of an isotonic fit: its position and its loss, summarised so that
 * blocks can be pooled. `targets` are values whose median (L1) or mean (L2)
 * is the block's best constant: one value per sample for a point target,
 * the two ends of the interval for an interval target (the sum of distances
 * to intervals [lo, hi] is minimised at the median of all their ends).
 */
interface Block {
  xSum: number;
  n: number;
  targets: number[];
  value: number;
}

/** Median of sorted values. */
function median(s: number[]): number {
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Two sorted arrays merged into one (blocks keep their targets sorted). */
function merge(a: number[], b: number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/**
 * Isotonic regression of targets on x. `loss: "l2"` fits means, `"l1"`
 * medians (what an MAE asks for). Samples with equal x are pooled first.
 * Returns the knots at each block's mean x.
 */
export function isotonicFit(samples: { x: number; targets: number[] }[], loss: "l1" | "l2" = "l1"): MonotoneMap {
  if (samples.length === 0) throw new Error("no samples");
  const centre = loss === "l1" ? median : mean;
  const sorted = [...samples].sort((a, b) => a.x - b.x);
  const blocks: Block[] = [];
  for (const s of sorted) {
    const prev = blocks[blocks.length - 1];
    const targets = [...s.targets].sort((a, b) => a - b);
    if (prev && prev.xSum / prev.n === s.x) {
      prev.n++;
      prev.xSum += s.x;
      prev.targets = merge(prev.targets, targets);
      prev.value = centre(prev.targets);
    } else blocks.push({ xSum: s.x, n: 1, targets, value: centre(targets) });
    // Pool while the last two blocks violate monotonicity.
    while (blocks.length > 1 && blocks[blocks.length - 2].value > blocks[blocks.length - 1].value) {
      const b = blocks.pop()!;
      const a = blocks[blocks.length - 1];
      a.xSum += b.xSum;
      a.n += b.n;
      a.targets = merge(a.targets, b.targets);
      a.value = centre(a.targets);
    }
  }
  return { x: blocks.map((b) => b.xSum / b.n), y: blocks.map((b) => b.value) };
}

/** Least-squares line y = a + b·x. */
export function linearFit(samples: { x: number; y: number }[]): { a: number; b: number } {
  const n = samples.length;
  const mx = samples.reduce((s, p) => s + p.x, 0) / n;
  const my = samples.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of samples) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  return { a: my - b * mx, b };
}
