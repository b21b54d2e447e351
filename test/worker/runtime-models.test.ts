import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ortWasmModule } from "../../src/runtime/ort-wasm-module.ts";
import { createOrtWebBackend, ortWasmHeapBytes } from "../../src/runtime/ort-web.ts";
import { ModelRegistry } from "../../src/runtime/registry.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// The repo's real models/: seeded through the binding, every bundled model's
// bytes must match the manifest and load in workerd. Skipped until models/
// has a manifest.
const testEnv = env as unknown as SeedEnv;

describe("models/ in workerd", () => {
  it("validates the manifest and creates a session for every bundled model", async (ctx) => {
    const keys = await seedModels(testEnv, "models");
    if (!keys.includes("manifest.json")) return ctx.skip("models/manifest.json does not exist yet");
    const registry = new ModelRegistry(testEnv.MODELS, createOrtWebBackend({ wasm: ortWasmModule }));
    const manifest = await registry.manifest();
    const bundled = manifest.models.filter((m) => m.availability === "bundled");
    expect(bundled.length).toBeGreaterThan(0);
    for (const entry of bundled) {
      const session = await registry.session(entry.id);
      expect(session.inputNames).toContain(entry.input.name);
      for (const out of entry.outputs) expect(session.outputNames).toContain(out.name);
    }
    for (const id of Object.values(manifest.defaults)) await registry.entry(id);
    console.log(`[measure] ${bundled.length} bundled models loaded in workerd, ORT wasm heap ${ortWasmHeapBytes()} bytes`);
  });
});
