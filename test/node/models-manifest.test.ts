import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Manifest } from "../../src/runtime/manifest-schema.ts";
import { convertModel } from "../../tools/forge/convert/index.ts";
import { shippedBytes } from "../../tools/forge/shipped-bytes.ts";
import { BUNDLED_SPECS } from "../../tools/forge/specs/index.ts";

const manifest = Manifest.parse(JSON.parse(readFileSync("models/manifest.json", "utf8")));
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const bundled = manifest.models.filter((m) => m.availability === "bundled");

describe("models/ and its manifest", () => {
  it.each(bundled.map((m) => [m.id, m] as const))("%s: the committed file matches its sha256 and size", (_id, entry) => {
    const bytes = readFileSync(`models/${entry.file}`);
    expect(bytes.byteLength).toBe(entry.bytes);
    expect(sha256(bytes)).toBe(entry.sha256);
  });

  it("keeps the default model set within 6 MB", () => {
    const ids = new Set(Object.values(manifest.defaults));
    const total = bundled.filter((m) => ids.has(m.id)).reduce((s, m) => s + m.bytes!, 0);
    expect(total).toBeLessThanOrEqual(6 * 1024 * 1024);
  });

  it("describes the published HSEmotion models for users to add", () => {
    const user = manifest.models.filter((m) => m.availability === "user-supplied").map((m) => m.id);
    expect(user).toEqual(expect.arrayContaining(["enet_b0_8_best_afew", "enet_b0_8_va_mtl", "mbf_va_mtl"]));
    const mtl = manifest.models.find((m) => m.id === "enet_b0_8_va_mtl")!;
    expect(mtl.outputs.map((o) => o.role)).toEqual(["emotion", "valence", "arousal"]);
    expect(mtl.input).toMatchObject({ layout: "NCHW", width: 224, colorOrder: "RGB" });
  });

  it("gives every bundled model a card with its measured accuracy or agreement", () => {
    for (const m of bundled) {
      expect(m.card.weaknesses.length, m.id).toBeGreaterThan(0);
      expect(Object.keys(m.card.parity).length + m.card.metrics.length, m.id).toBeGreaterThan(0);
    }
  });

  // npm run models must reproduce models/ bit for bit from the pinned packages.
  it.each(["emotion", "blazeface_front", "faceres"])("%s: converting and quantizing again gives the committed bytes", async (id) => {
    const spec = BUNDLED_SPECS.find((s) => s.id === id)!;
    const entry = bundled.find((m) => m.id === id)!;
    expect(sha256(await shippedBytes(spec, await convertModel(id as never)))).toBe(entry.sha256);
  });
});
