import { column, type CachedImage, type FeatureCache } from "./feature-cache.ts";
import { eq1Age } from "./age-report.ts";

/**
 * Below this Eq. 1 age the gender answer is flagged unreliable. Chosen from
 * gender accuracy by predicted age (printed by `npm run train:head -- age`):
 * on FairFace every predicted band under 16 is at 58-66% and 16-21 at 80%;
 * on the UTKFace dev set faces predicted under 16 are at 66%, the rest 94%.
 */
export const GENDER_RELIABLE_FROM_AGE = 16;

/** What the runtime applies to faceres's gender (P(male) = p) when Eq. 1 says a face is a child. */
export interface ChildGenderRule {
  id: "faceres_gender_children";
  kind: "gender-reliability";
  input: { model: "faceres"; topL: number };
  /** Faces whose Eq. 1 age is below this get `reliable: false`. */
  unreliableBelowAge: number;
  /** ... and their probability softened: p' = σ(logit(p) / temperature). */
  temperature: number;
  method: string;
  license: string;
}

const logit = (p: number) => Math.log(Math.max(p, 1e-7) / Math.max(1 - p, 1e-7));
export const temper = (p: number, t: number) => 1 / (1 + Math.exp(-logit(p) / t));

interface Face {
  male: boolean;
  p: number;
  age: number;
  truthBand: string;
}

function faces(cache: FeatureCache, topL: number, band: (im: CachedImage) => string): Face[] {
  return cache.images
    .filter((im) => im.row >= 0)
    .map((im) => ({ male: im.gender === "male", p: column(cache, im, "pMale")[0], age: eq1Age(cache, im, topL), truthBand: band(im) }));
}

const nll = (fs: Face[], t: number) => fs.reduce((s, f) => s - Math.log(Math.max(1e-12, f.male ? temper(f.p, t) : 1 - temper(f.p, t))), 0) / fs.length;

/** The temperature (0.5..5, step 0.01) with the least log-loss on the faces predicted younger than `below`. */
export function fitChildTemperature(fs: Face[], below: number): number {
  const kids = fs.filter((f) => f.age < below);
  let best = 1;
  let bestLoss = Infinity;
  for (let i = 50; i <= 500; i++) {
    const loss = nll(kids, i / 100);
    if (loss < bestLoss) [best, bestLoss] = [i / 100, loss];
  }
  return best;
}

interface Row {
  band: string;
  n: number;
  accuracy: number;
  confidence: number;
  tempered: number;
}

export interface ChildrenGender {
  rule: ChildGenderRule;
  tables: { title: string; rows: Row[] }[];
}

const PRED_BANDS: [string, number, number][] = [["0-2", 0, 3], ["3-5", 3, 6], ["6-8", 6, 9], ["9-12", 9, 13], ["13-15", 13, 16], ["16-20", 16, 21], ["21-45", 21, 46], ["46+", 46, 1000]];

function rows(fs: Face[], groups: [string, (f: Face) => boolean][], t: number, below: number): Row[] {
  return groups.map(([band, test]) => {
    const g = fs.filter(test);
    const conf = (f: Face, tt: number) => Math.max(temper(f.p, tt), 1 - temper(f.p, tt));
    return {
      band,
      n: g.length,
      accuracy: g.filter((f) => (f.p > 0.5) === f.male).length / g.length,
      confidence: g.reduce((s, f) => s + conf(f, 1), 0) / g.length,
      tempered: g.reduce((s, f) => s + conf(f, f.age < below ? t : 1), 0) / g.length,
    };
  });
}

/** Gender accuracy by true and by predicted age on the dev set (and FairFace), and the rule fitted on FairFace. */
export function childrenGender(dev: FeatureCache | undefined, fairface: FeatureCache | undefined, topL: number, below = GENDER_RELIABLE_FROM_AGE): ChildrenGender {
  const ff = fairface ? faces(fairface, topL, (im) => im.ageGroup!.join("-")) : [];
  const temperature = ff.length ? fitChildTemperature(ff, below) : 1;
  const tables: ChildrenGender["tables"] = [];
  const byPred = PRED_BANDS.map(([b, lo, hi]) => [b, (f: Face) => f.age >= lo && f.age < hi] as [string, (f: Face) => boolean]);
  if (dev) {
    const d = faces(dev, topL, (im) => String(im.age));
    const trueBands: [string, number, number][] = [["0-2", 0, 2], ["3-5", 3, 5], ["6-8", 6, 8], ["9-12", 9, 12], ["13-15", 13, 15], ["16-20", 16, 20], ["21-45", 21, 45], ["46+", 46, 200]];
    tables.push({ title: "UTKFace dev, by true age", rows: rows(d, trueBands.map(([b, lo, hi]) => [b, (f) => Number(f.truthBand) >= lo && Number(f.truthBand) <= hi]), temperature, below) });
    tables.push({ title: "UTKFace dev, by predicted (Eq. 1) age", rows: rows(d, byPred, temperature, below) });
    tables.push({ title: `UTKFace dev, split at predicted age ${below}`, rows: rows(d, [[`< ${below}`, (f) => f.age < below], [`>= ${below}`, (f) => f.age >= below]], temperature, below) });
  }
  if (ff.length) {
    const groups = [...new Set(ff.map((f) => f.truthBand))].sort((a, b) => Number(a.split("-")[0]) - Number(b.split("-")[0]));
    tables.push({ title: "FairFace train, by true age group", rows: rows(ff, groups.map((g) => [g, (f) => f.truthBand === g]), temperature, below) });
    tables.push({ title: "FairFace train, by predicted (Eq. 1) age", rows: rows(ff, byPred, temperature, below) });
  }
  return {
    rule: {
      id: "faceres_gender_children",
      kind: "gender-reliability",
      input: { model: "faceres", topL },
      unreliableBelowAge: below,
      temperature,
      method: `Faces whose Eq. 1 age (L=${topL}) is below ${below} get reliable: false and P = σ(logit(P)/T), T fitted by log-loss on the FairFace faces predicted younger than ${below}.`,
      license: "CC BY 4.0 (the temperature is learnt from FairFace: Kärkkäinen and Joo, WACV 2021)",
    },
    tables,
  };
}

export function formatChildrenGender(c: ChildrenGender): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const out = [`Rule: Eq. 1 age < ${c.rule.unreliableBelowAge} → reliable: false, probability tempered with T = ${c.rule.temperature} (fitted on FairFace).`];
  for (const t of c.tables) {
    out.push("", t.title, "| band | n | gender accuracy | mean confidence | after the rule |", "|---|---|---|---|---|");
    for (const r of t.rows) out.push(`| ${r.band} | ${r.n} | ${r.n ? pct(r.accuracy) : "—"} | ${r.n ? r.confidence.toFixed(3) : "—"} | ${r.n ? r.tempered.toFixed(3) : "—"} |`);
  }
  return out.join("\n");
}
