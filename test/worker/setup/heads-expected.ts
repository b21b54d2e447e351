import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FaceAnalysis } from "../../../src/pipeline/face-analysis.ts";
import { analyzeImageBytes } from "../../../src/pipeline/analyze-image.ts";
import { createOrtWebNodeBackend } from "../../../tools/runtime/ort-web-node.ts";
import { FileModels } from "../../../tools/runtime/file-models.ts";

/** The demo photos the heads test sends to the Worker (test/worker/helpers/sample-photos.ts). */
export const HEADS_PHOTOS = [1, 2, 3].map((i) => `test/fixtures/demo/sample${i}.jpg`);

export interface NodeFace {
  centre: [number, number];
  ethnicity: Record<string, number[]>;
  gender: number;
}

/**
 * The same photos through the same pipeline in Node (onnxruntime-web's wasm, as workerd runs it), for
 * the workerd test to compare with: each face's ethnicity probabilities from
 * the default head and from gear, written as fixtures/heads-expected.json.
 */
export async function writeHeadsExpected(dir: string): Promise<void> {
  const analysis = new FaceAnalysis(new FileModels("models", await createOrtWebNodeBackend()));
  const photos: NodeFace[][] = [];
  for (const path of HEADS_PHOTOS) {
    const bytes = new Uint8Array(readFileSync(path));
    const base = { tasks: ["age", "gender", "ethnicity"] as const, maxFaces: 20, minFaceSize: 24 };
    const head = await analyzeImageBytes(analysis, bytes, { ...base, tasks: [...base.tasks] });
    const gear = await analyzeImageBytes(analysis, bytes, { ...base, tasks: ["ethnicity"], ethnicityModel: "gear" });
    photos.push(
      head.faces.map((f, i) => ({
        centre: [f.box.x + f.box.width / 2, f.box.y + f.box.height / 2],
        ethnicity: { [f.ethnicity!.model]: Array.from(f.ethnicity!.probs), gear: Array.from(gear.faces[i].ethnicity!.probs) },
        gender: f.gender!.probability,
      })),
    );
  }
  writeFileSync(join(dir, "heads-expected.json"), JSON.stringify(photos));
}
