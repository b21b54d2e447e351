import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { l2Normalise } from "../../src/clips/clip-state.ts";
import { applyMap, isotonicFit, linearFit, type MonotoneMap } from "../learn/isotonic.ts";
import { crossValidateRidge, fitRidge, predictRidge } from "../learn/ridge.ts";
import { ageReport, eq1Age, formatAgeReports, type AgeReport } from "./age-report.ts";
import { childrenGender, formatChildrenGender, type ChildrenGender } from "./children-gender.ts";
import { featuresFor } from "./extract-features.ts";
import { column, type CachedImage, type FeatureCache } from "./feature-cache.ts";

export interface AgeRequest {
  utkfaceTrain: string;
  fairface?: string;
  dev?: string;
  outDir: string;
  models: string;
  cache: string;
  command: string;
}

/** Eq. 1's L the calibrations are fitted for (the manifest's ageTopL). */
export const CALIBRATED_TOP_L = 10;
/** FairFace's open-ended "more than 70" group stands for this age when a group becomes a number. */
export const FAIRFACE_OVER_70 = 80;

/** A monotone map of the Eq. 1 age, as the runtime would apply it (interpolate, flat beyond the ends). */
export interface AgeCalibration {
  id: string;
  kind: "age-calibration";
  /** What it maps: faceres's Eq. 1 age with this L. */
  input: { model: "faceres"; topL: number };
  method: string;
  license: string;
  trainedOn: string;
  map: MonotoneMap;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const found = (c: FeatureCache) => c.images.filter((im) => im.row >= 0);

function calibration(id: string, method: string, license: string, trainedOn: string, map: MonotoneMap): AgeCalibration {
  return { id, kind: "age-calibration", input: { model: "faceres", topL: CALIBRATED_TOP_L }, method, license, trainedOn, map: { x: map.x.map(round2), y: map.y.map(round2) } };
}

export async function trainAge(req: AgeRequest, log: (line: string) => void): Promise<{ reports: AgeReport[]; calibrations: AgeCalibration[]; ridge?: { l2: number; cv: { l2: number; mae: number }[] }; children?: ChildrenGender }> {
  const L = CALIBRATED_TOP_L;
  const utk = await featuresFor({ dataset: "utkface", dir: req.utkfaceTrain, framing: "pipeline", models: req.models, cache: req.cache, log });
  const train = found(utk);
  const eq = (c: FeatureCache) => (im: CachedImage) => eq1Age(c, im, L);
  const calibrations: AgeCalibration[] = [];

  // (i) Monotone maps of Eq. 1 learnt on UTKFace (exact ages): non-commercial.
  const utkSource = `UTKFace train (${train.length} faces of ../shared/train/utkface-train through the pipeline); UTKFace is for non-commercial research only`;
  const nc = "NON-COMMERCIAL RESEARCH USE ONLY (learnt from UTKFace)";
  const line = linearFit(train.map((im) => ({ x: eq(utk)(im), y: im.age! })));
  calibrations.push(
    calibration("faceres_age_utkface_nc", "isotonic regression (L1: the median age at each Eq. 1 estimate) of the true age on the Eq. 1 estimate", nc, utkSource, isotonicFit(train.map((im) => ({ x: eq(utk)(im), targets: [im.age!] })), "l1")),
  );
  log(`linear map of Eq. 1 on UTKFace train: age = ${line.a.toFixed(3)} + ${line.b.toFixed(4)}·estimate`);

  // (iii) From FairFace's age groups (CC BY 4.0): the group's middle as the target, least squares.
  let fairface: FeatureCache | undefined;
  if (req.fairface) {
    fairface = await featuresFor({ dataset: "fairface", dir: req.fairface, framing: "pipeline", models: req.models, cache: req.cache, log });
    const ff = found(fairface);
    const middle = (g: [number, number]) => (g[0] === 70 ? FAIRFACE_OVER_70 : (g[0] + g[1]) / 2);
    calibrations.push(
      calibration(
        "faceres_age_fairface",
        `isotonic regression (least squares) of the middle of FairFace's age group (${FAIRFACE_OVER_70} for "more than 70") on the Eq. 1 estimate`,
        "CC BY 4.0 (learnt from FairFace: Kärkkäinen and Joo, WACV 2021)",
        `FairFace (${ff.length} faces of ../shared/train/fairface-train through the pipeline), apparent-age groups 0-2, 3-9, 10-19, ..., 60-69, more than 70`,
        isotonicFit(ff.map((im) => ({ x: eq(fairface!)(im), targets: [middle(im.ageGroup!)] })), "l2"),
      ),
    );
  }

  // (ii) A ridge head on the L2-normalised features and the Eq. 1 age (measured, not shipped: see the report).
  const ridgeInput = (c: FeatureCache, im: CachedImage) => [...l2Normalise(column(c, im, "features")), eq(c)(im)];
  const grid = [0.01, 0.03, 0.1, 0.3, 1, 3];
  const cv = crossValidateRidge(train.map((im) => ridgeInput(utk, im)), train.map((im) => im.age!), 5, grid);
  const bestL2 = cv.reduce((a, b) => (b.mae < a.mae ? b : a)).l2;
  log(`ridge on [features, Eq. 1], 5-fold CV MAE on UTKFace train: ${cv.map((r) => `λ=${r.l2}: ${r.mae.toFixed(2)}`).join(", ")}; chosen λ=${bestL2}`);
  const ridge = fitRidge(train.map((im) => ridgeInput(utk, im)), train.map((im) => im.age!), bestL2);

  mkdirSync(req.outDir, { recursive: true });
  for (const c of calibrations) {
    const path = join(req.outDir, `${c.id}.json`);
    writeFileSync(path, JSON.stringify(c, null, 2) + "\n");
    log(`wrote ${path} (${c.map.x.length} knots; ${c.license})`);
  }

  const reports: AgeReport[] = [];
  const dev = req.dev ? await featuresFor({ dataset: "utkface", dir: req.dev, framing: "pipeline", gear: true, models: req.models, cache: req.cache, log }) : undefined;
  if (dev) {
    reports.push(ageReport(`Eq. 1, L=${L} (the paper's)`, dev, eq(dev)));
    reports.push(ageReport("linear map, UTKFace train (NC)", dev, (im) => line.a + line.b * eq(dev)(im)));
    for (const c of calibrations) reports.push(ageReport(`${c.id}${c.license.startsWith("NON") ? " (NC)" : ""}`, dev, (im) => applyMap(c.map, eq(dev)(im))));
    reports.push(ageReport(`ridge on features + Eq. 1, λ=${bestL2}, UTKFace train (NC)`, dev, (im) => predictRidge(ridge, ridgeInput(dev, im))));
    log(`\n### Age on UTKFace dev (${found(dev).length} faces through the pipeline)\n`);
    log(formatAgeReports(reports));
  }
  const children = dev || fairface ? childrenGender(dev, fairface, L) : undefined;
  if (children) {
    log("\n### Gender of children\n");
    log(formatChildrenGender(children));
  }
  if (children && fairface) {
    const path = join(req.outDir, "faceres_gender_children.json");
    writeFileSync(path, JSON.stringify(children.rule, null, 2) + "\n");
    log(`wrote ${path}`);
  }
  return { reports, calibrations, ridge: { l2: bestL2, cv }, children };
}
