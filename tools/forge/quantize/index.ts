export { quantizeModel, type QuantizeOptions } from "./quantize-model.ts";
export { calibrateRanges, type CalibrationMethod, type Feeds, type Range } from "./calibrate.ts";
export { compareOutputs, type OutputComparison } from "./compare.ts";
export { nodeSession, webSession } from "./sessions.ts";
