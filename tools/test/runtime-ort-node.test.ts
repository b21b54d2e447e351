import { describe, expect, it } from "vitest";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { TINY, tinyForward, tinyImage, tinyModelBytes } from "../../test/worker/setup/tiny-model.ts";

// Native onnxruntime-node (the tools install's backend for the forge, eval and
// bench) against a hand-computed forward pass; test/node/runtime-ort.test.ts
// does the same for onnxruntime-web in Node.
const { channels, size } = TINY;
const image = tinyImage();
const expected = tinyForward(image);

describe("onnxruntime-node backend", () => {
  it("runs the tiny model like the hand computation", async () => {
    const session = await createOrtNodeBackend().createSession(tinyModelBytes());
    expect(session.inputNames).toEqual(["image"]);
    expect([...session.outputNames].sort()).toEqual(["features", "probs"]);
    const out = await session.run({ image: { data: image, dims: [1, channels, size, size] } });
    expect(out.probs.dims).toEqual([1, 4]);
    for (let k = 0; k < 4; k++) {
      expect(out.features.data[k]).toBeCloseTo(expected.features[k], 5);
      expect(out.probs.data[k]).toBeCloseTo(expected.probs[k], 5);
    }
    const only = await session.run({ image: { data: image, dims: [1, channels, size, size] } }, ["probs"]);
    expect(Object.keys(only)).toEqual(["probs"]);
    await session.release?.();
  });
});
