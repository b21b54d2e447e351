import { ageExpectation } from "../../src/pipeline/age.ts";
import { AGE_BANDS, accuracy, balancedAccuracy, inBand, mae } from "./metrics.ts";
import { predictedRace, truthRace, type UtkPrediction } from "./run-utkface.ts";

const RACES = ["white", "black", "asian", "indian", "other"];

export interface UtkReport {
  n: number;
  found: number;
  genderAccuracy: number;
  ageMae: number;
  ageMaeByL: Record<number, number>;
  band21to60: { n: number; genderAccuracy: number; ageMae: number };
  bands: { band: string; n: number; genderAccuracy: number; ageMae: number }[];
  ethnicityAccuracy: number;
  ethnicityBalanced: number;
}

/** Metrics over the chips where a face was found (misses are reported as `n - found`). */
export function utkReport(preds: UtkPrediction[], topL: number, offset: number, ls: number[] = [1, 2, 3, 5, 10, 20, 100]): UtkReport {
  const found = preds.filter((p) => p.face);
  const ageOf = (p: UtkPrediction, L: number) => ageExpectation(p.face!.age!.posterior!, L, offset).years;
  const withAge = found.filter((p) => p.face!.age?.posterior);
  const withGender = found.filter((p) => p.face!.gender);
  const genderPairs = (ps: UtkPrediction[]) => ps.filter((p) => p.face!.gender).map((p) => ({ truth: p.sample.gender, pred: p.face!.gender!.label }));
  const agePairs = (ps: UtkPrediction[], L = topL) => ps.filter((p) => p.face!.age?.posterior).map((p) => ({ truth: p.sample.age, pred: ageOf(p, L) }));
  const mid = found.filter((p) => inBand(p.sample.age, 21, 60));
  const racePairs = found.filter((p) => p.face!.ethnicity).map((p) => ({ truth: truthRace(p.sample), pred: predictedRace(p.face!) }));
  return {
    n: preds.length,
    found: found.length,
    genderAccuracy: withGender.length ? accuracy(genderPairs(found)) : NaN,
    ageMae: withAge.length ? mae(agePairs(found)) : NaN,
    ageMaeByL: Object.fromEntries(ls.map((L) => [L, withAge.length ? mae(agePairs(found, L)) : NaN])),
    band21to60: {
      n: mid.length,
      genderAccuracy: accuracy(genderPairs(mid)),
      // The paper clips predictions to the band when it reports 21-60.
      ageMae: mae(agePairs(mid).map((p) => ({ truth: p.truth, pred: Math.min(60, Math.max(21, p.pred)) }))),
    },
    bands: AGE_BANDS.map(([band, lo, hi]) => {
      const b = found.filter((p) => inBand(p.sample.age, lo, hi));
      return { band, n: b.length, genderAccuracy: accuracy(genderPairs(b)), ageMae: mae(agePairs(b)) };
    }),
    ethnicityAccuracy: racePairs.length ? accuracy(racePairs) : NaN,
    ethnicityBalanced: racePairs.length ? balancedAccuracy(racePairs, RACES) : NaN,
  };
}
