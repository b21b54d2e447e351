import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeModel, loadModel } from "../../tools/forge/onnx/proto.ts";
import { quantizeModel, nodeSession, webSession } from "../../tools/forge/quantize/index.ts";
import { taskAgreement } from "../../tools/forge/quantize/model-metrics.ts";
import { sampleFaces } from "../../tools/forge/quantize/face-set.ts";
import { modelInput } from "../../tools/forge/quantize/preprocess.ts";

// Real converted models on the face-api demo photos' faces (crops + mirrors).
// Runs only once the converter has written build/fp32 (npx tsx tools/forge/convert-all.ts).
const have = (id: string) => existsSync(`build/fp32/${id}.onnx`);
const faces = have("faceres") || have("emotion") ? sampleFaces() : [];

describe.skipIf(!have("faceres"))("faceres int8 weight-only", () => {
  it("keeps gender, age and features of fp32 on real faces and loads in onnxruntime-web", async () => {
    const fp32 = loadModel("build/fp32/faceres.onnx");
    const q = encodeModel(await quantizeModel(fp32, { mode: "weights", keepFloat: ["features"] }));
    expect(q.length).toBeLessThan(encodeModel(fp32).length * 0.27);
    const feeds = faces.map((f) => ({ input: modelInput("faceres", f.image) }));
    const a = await taskAgreement(await nodeSession(encodeModel(fp32)), await nodeSession(q), feeds);
    expect(a["gender agreement"]).toBe(1);
    expect(a["age |diff| years"]).toBeLessThan(0.7);
    expect(a["features cosine min"]).toBeGreaterThan(0.98);
    const web = await taskAgreement(await nodeSession(q), await webSession(q), feeds.slice(0, 2));
    expect(web["features cosine min"]).toBeGreaterThan(0.99999);
  });
});

describe.skipIf(!have("emotion"))("emotion int8 static", () => {
  it("calibrated on half the faces, agrees with fp32 top-1 on the other half", async () => {
    const fp32 = loadModel("build/fp32/emotion.onnx");
    const feeds = faces.map((f) => ({ input: modelInput("emotion", f.image) }));
    const q = encodeModel(await quantizeModel(fp32, { mode: "static", calibration: feeds.filter((_, i) => i % 4 < 2) }));
    const a = await taskAgreement(await nodeSession(encodeModel(fp32)), await nodeSession(q), feeds.filter((_, i) => i % 4 >= 2));
    expect(a["emotion top-1 agreement"]).toBeGreaterThanOrEqual(0.95);
    const web = await taskAgreement(await nodeSession(q), await webSession(q), feeds.slice(0, 2));
    expect(web["emotion max|diff|"]).toBeLessThan(1e-3);
  });
});
