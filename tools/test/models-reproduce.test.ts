import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Manifest } from "../../src/runtime/manifest-schema.ts";
import { convertModel } from "../forge/convert/index.ts";
import { shippedBytes } from "../forge/shipped-bytes.ts";
import { BUNDLED_SPECS } from "../forge/specs/index.ts";

const manifest = Manifest.parse(JSON.parse(readFileSync("models/manifest.json", "utf8")));
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const bundled = manifest.models.filter((m) => m.availability === "bundled");

describe("models/ from the pinned source packages", () => {
  // npm run models must reproduce models/ bit for bit from the pinned packages.
  it.each(["emotion", "blazeface_front", "faceres"])("%s: converting and quantizing again gives the committed bytes", async (id) => {
    const spec = BUNDLED_SPECS.find((s) => s.id === id)!;
    const entry = bundled.find((m) => m.id === id)!;
    expect(sha256(await shippedBytes(spec, await convertModel(id as never)))).toBe(entry.sha256);
  });
});
