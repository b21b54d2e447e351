import { z } from "zod";

/**
 * The calibration files of models/calibration/ (written by
 * `npm run train:head -- age`), as the runtime reads them, and what they do
 * to an answer. The manifest lists them (CalibrationEntry); the registry
 * loads and sha256-checks them like models.
 */
const Input = z.object({ model: z.string(), topL: z.number().int().positive() });

/** A monotone map of the Eq. 1 age: knots x (Eq. 1 years) → y (calibrated years), flat beyond the ends. */
export const AgeCalibrationFile = z.object({
  id: z.string(),
  kind: z.literal("age-calibration"),
  input: Input,
  map: z
    .object({ x: z.array(z.number()).min(2).max(10_000), y: z.array(z.number()).min(2).max(10_000) })
    .refine((m) => m.x.length === m.y.length, "x and y have different lengths")
    .refine((m) => m.x.every((v, i) => i === 0 || v >= m.x[i - 1]), "x must not decrease"),
});

/** Below this Eq. 1 age, gender answers are flagged unreliable and their probability softened by a temperature. */
export const GenderReliabilityFile = z.object({
  id: z.string(),
  kind: z.literal("gender-reliability"),
  input: Input,
  unreliableBelowAge: z.number(),
  temperature: z.number().positive(),
});

export const CalibrationFile = z.discriminatedUnion("kind", [AgeCalibrationFile, GenderReliabilityFile]);
export type CalibrationFile = z.infer<typeof CalibrationFile>;
export type AgeCalibration = z.infer<typeof AgeCalibrationFile>;
export type GenderReliability = z.infer<typeof GenderReliabilityFile>;

/** Piecewise-linear interpolation through the knots, flat beyond the first and last. */
export function calibratedAge({ x, y }: AgeCalibration["map"], years: number): number {
  if (years <= x[0]) return y[0];
  const last = x.length - 1;
  if (years >= x[last]) return y[last];
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= years) lo = mid;
    else hi = mid;
  }
  const span = x[hi] - x[lo];
  return span > 0 ? y[lo] + ((years - x[lo]) / span) * (y[hi] - y[lo]) : y[hi];
}

/** σ(logit(p) / T): the chosen label's probability pulled towards 1/2 (the label does not change). */
export function softenedProbability(p: number, temperature: number): number {
  const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  return 1 / (1 + Math.exp(-Math.log(q / (1 - q)) / temperature));
}
