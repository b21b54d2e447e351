import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES_DIR } from "./model-files.ts";
import { hsemotionStandinBytes } from "./hsemotion-standin.ts";
import { writeHeadsExpected } from "./heads-expected.ts";
import { tinyEntry, tinyForward, tinyImage, tinyManifest, tinyModelBytes, tinyWeights } from "./tiny-model.ts";

/**
 * Writes the runtime plumbing fixture (served to workerd through MODEL_FILES
 * under `fixtures/runtime/`): a tiny model and its manifest, a second model
 * added the user way (manifests/<id>.json), one entry whose sha256 is wrong,
 * and (beside it, as fixtures/runtime-expected.json) the outputs of both
 * models for a fixed image, computed by hand in float64 (tinyForward); and
 * the demo photos' answers through the Node pipeline
 * (fixtures/heads-expected.json).
 */
export default async function setup(): Promise<void> {
  const dir = join(FIXTURES_DIR, "runtime");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "manifests"), { recursive: true });

  const tiny = tinyModelBytes(tinyWeights(7));
  const user = tinyModelBytes(tinyWeights(11));
  const tampered = tinyModelBytes(tinyWeights(13));
  const image = tinyImage();

  const manifest = tinyManifest([
    tinyEntry("tiny", "tiny.onnx", tiny),
    // Lists the sha256 of tiny.onnx but the object holds other bytes.
    { ...tinyEntry("tampered", "tampered.onnx", tiny), bytes: tampered.length },
    // Listed, but its file is for the user to add (never seeded here).
    { ...tinyEntry("bring_your_own", "byo.onnx", tiny), availability: "user-supplied", sha256: undefined, bytes: undefined },
  ]);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, "tiny.onnx"), tiny);
  writeFileSync(join(dir, "tampered.onnx"), tampered);
  writeFileSync(join(dir, "user_tiny.onnx"), user);
  writeFileSync(join(dir, "manifests/user_tiny.json"), JSON.stringify(tinyEntry("user_tiny", "user_tiny.onnx", user, { version: "2.0.0" })));
  mkdirSync(join(FIXTURES_DIR, "hsemotion"), { recursive: true });
  writeFileSync(join(FIXTURES_DIR, "hsemotion/enet_b0_8_va_mtl.onnx"), hsemotionStandinBytes());
  writeFileSync(
    join(FIXTURES_DIR, "runtime-expected.json"),
    JSON.stringify({ image: Array.from(image), tiny: tinyForward(image, tinyWeights(7)), userTiny: tinyForward(image, tinyWeights(11)) }),
  );
  await writeHeadsExpected(FIXTURES_DIR);
}
