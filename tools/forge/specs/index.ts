import { detectorSpecs } from "./detectors.ts";
import { faceExpressionSpec, oarriagaSpec } from "./emotion.ts";
import { faceresSpec } from "./faceres.ts";
import { gearSpec } from "./gear.ts";
import { hsemotionSpecs } from "./hsemotion.ts";
import type { ModelSpec } from "./types.ts";

/** Models built from npm packages and shipped in models/. */
export const BUNDLED_SPECS: ModelSpec[] = [...detectorSpecs, faceresSpec, gearSpec, oarriagaSpec, faceExpressionSpec];

/** Published models a user may add to the bucket (described, not shipped). */
export const USER_SUPPLIED_SPECS: ModelSpec[] = hsemotionSpecs;

/**
 * Defaults, chosen from `npm run eval` on ../shared/eval (see the model
 * cards and README for the figures): BlazeFace-256 finds the smaller faces of
 * group photos; the emotion default and L are set from the FER2013 and
 * UTKFace dev-set results; the ethnicity head from tools/heads/RESULTS.md.
 */
export const DEFAULTS = {
  detector: "blazeface",
  emotion: "emotion",
  age: "faceres",
  gender: "faceres",
  // A head on faceres's features (tools/heads): one CNN per face for age, gender and ethnicity; gear by id.
  ethnicity: "faceres_ethnicity",
  features: "faceres",
};
export const AGE_TOP_L = 10;
