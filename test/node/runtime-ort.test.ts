import { describe, expect, it } from "vitest";
import { ortWasmHeapBytes } from "../../src/runtime/ort-web.ts";
import { createOrtWebNodeBackend } from "../../tools/runtime/ort-web-node.ts";
import { TINY, tinyForward, tinyImage, tinyModelBytes } from "../worker/setup/tiny-model.ts";

// onnxruntime-web's wasm in Node (the Worker's runtime, used by Node tools
// without the tools install) against a hand-computed forward pass of the tiny
// model; tools/test/runtime-ort-node.test.ts does the same for native
// onnxruntime-node.
const { channels, size } = TINY;
const image = tinyImage();
const expected = tinyForward(image);

describe.each([["onnxruntime-web (wasm in Node)", createOrtWebNodeBackend]])("%s backend", (_name, make) => {
  it("runs the tiny model like the hand computation", async () => {
    const session = await make().createSession(tinyModelBytes());
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

describe("onnxruntime-web heap", () => {
  it("reports the wasm memory size once initialised", async () => {
    await createOrtWebNodeBackend().createSession(tinyModelBytes());
    expect(ortWasmHeapBytes()).toBeGreaterThanOrEqual(16 * 1024 * 1024);
  });
});
