import { describe, expect, it } from "vitest";
import { createOrtNodeBackend } from "../runtime/ort-node.ts";
import { createOrtWebNodeBackend } from "../runtime/ort-web-node.ts";
import { FileModels } from "../runtime/file-models.ts";
import { demoPhotos, detectFaces, faceFeeds, type FaceOnPhoto } from "../forge/calibration-set.ts";
import { convertModel, type ModelId } from "../forge/convert/index.ts";
import { taskAgreement } from "../forge/quantize/model-metrics.ts";
import { Manifest } from "../../src/runtime/manifest-schema.ts";
import { readFileSync } from "node:fs";

// The committed int8 models against their fp32 conversion (made here, in
// memory, from the pinned packages) on the demo photos' faces and their
// mirror images, cut by the product's own pipeline. `npm run verify` runs the
// same comparison on ../shared/eval faces as well.
const manifest = Manifest.parse(JSON.parse(readFileSync("models/manifest.json", "utf8")));
const backend = createOrtNodeBackend();
const shipped = new FileModels("models", backend, manifest);

async function fp32Session(id: string) {
  return backend.createSession((await convertModel(id as ModelId)).bytes);
}

let faces: FaceOnPhoto[] = [];
async function demoFaces() {
  if (!faces.length) faces = await detectFaces(shipped, await demoPhotos());
  return faces;
}

describe("int8 against fp32 on real faces", () => {
  it("finds the demo photos' faces (21 of 22, and their mirrors)", async () => {
    expect((await demoFaces()).length).toBeGreaterThanOrEqual(42);
  });

  it("faceres: gender, age and identity features agree", async () => {
    const entry = await shipped.imageEntry("faceres");
    const a = await taskAgreement(await fp32Session("faceres"), await shipped.session("faceres"), faceFeeds(entry, await demoFaces()));
    expect(a["gender agreement"]).toBeGreaterThanOrEqual(0.99);
    expect(a["age |diff| years"]).toBeLessThan(0.7);
    expect(a["features cosine min"]).toBeGreaterThanOrEqual(0.98);
  });

  it.each(["emotion", "face_expression"])("%s: top-1 expression agrees", async (id) => {
    const entry = await shipped.imageEntry(id);
    const a = await taskAgreement(await fp32Session(id), await shipped.session(id), faceFeeds(entry, await demoFaces()));
    expect(a["emotion top-1 agreement"]).toBeGreaterThanOrEqual(0.95);
    expect(a["features cosine min"]).toBeGreaterThanOrEqual(0.98);
  });

  it("gear: ethnicity top-1 agrees", async () => {
    const entry = await shipped.imageEntry("gear");
    const a = await taskAgreement(await fp32Session("gear"), await shipped.session("gear"), faceFeeds(entry, await demoFaces()));
    expect(a["race top-1 agreement"]).toBeGreaterThanOrEqual(0.95);
  });

  it("the Worker's onnxruntime-web computes what onnxruntime-node computes on the int8 model", async () => {
    const entry = await shipped.imageEntry("faceres");
    const bytes = new Uint8Array(readFileSync(`models/${entry.file}`));
    const feeds = faceFeeds(entry, (await demoFaces()).slice(0, 2));
    const a = await taskAgreement(await backend.createSession(bytes), await createOrtWebNodeBackend().createSession(bytes), feeds);
    expect(a["features cosine min"]).toBeGreaterThan(0.99999);
    expect(a["gender agreement"]).toBe(1);
  });
});
