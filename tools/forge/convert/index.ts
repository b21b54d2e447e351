export { convertModel, type ConvertedModel, type ConvertInfo } from "./convert-model.ts";
export { MODEL_IDS, MODEL_SOURCES, sourcePath, type ModelId } from "./sources.ts";
