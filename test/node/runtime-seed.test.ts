import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { seedLocalR2 } from "../../tools/seed/seed-local-r2.ts";
import { sha256Hex, tinyEntry, tinyManifest, tinyModelBytes, tinyWeights } from "../worker/setup/tiny-model.ts";

// The seeding logic with a recording uploader (the real one shells out to
// `wrangler r2 bulk put --local`, exercised by `npm run dev` and the tests
// against `wrangler dev`).
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function modelsDir() {
  const dir = mkdtempSync(join(tmpdir(), "faceflare-seed-"));
  dirs.push(dir);
  const a = tinyModelBytes(tinyWeights(1));
  const u = tinyModelBytes(tinyWeights(2));
  mkdirSync(join(dir, "models/manifests"), { recursive: true });
  writeFileSync(join(dir, "models/a.onnx"), a);
  writeFileSync(join(dir, "models/u.onnx"), u);
  writeFileSync(join(dir, "models/stray.onnx"), u);
  writeFileSync(join(dir, "models/manifest.json"), JSON.stringify(tinyManifest([tinyEntry("a", "a.onnx", a)])));
  writeFileSync(join(dir, "models/manifests/u.json"), JSON.stringify(tinyEntry("u", "u.onnx", u)));
  return dir;
}

function seed(dir: string, force = false) {
  const uploaded: { key: string; sha256: string }[] = [];
  const log: string[] = [];
  const keys = seedLocalR2({
    dir: join(dir, "models"),
    persistTo: join(dir, "state"),
    force,
    upload: (files) => uploaded.push(...files.map((f) => ({ key: f.key, sha256: f.sha256 }))),
    log: (l) => log.push(l),
  });
  return { keys, uploaded, log };
}

describe("seed-local-r2", () => {
  it("uploads the manifest, its files and user manifests, then nothing unchanged", () => {
    const dir = modelsDir();
    const first = seed(dir);
    expect(first.keys.sort()).toEqual(["a.onnx", "manifest.json", "manifests/u.json", "u.onnx"]);
    expect(first.uploaded.find((f) => f.key === "a.onnx")!.sha256).toBe(sha256Hex(tinyModelBytes(tinyWeights(1))));
    expect(seed(dir).keys).toEqual([]);

    writeFileSync(join(dir, "models/a.onnx"), tinyModelBytes(tinyWeights(3)));
    const changed = seed(dir);
    expect(changed.keys).toEqual(["a.onnx"]);
    expect(changed.log.join("\n")).toMatch(/a\.onnx has sha256 [0-9a-f]+, manifest says/);
    expect(seed(dir, true).keys).toHaveLength(4);
  });

  it("seeds nothing, without failing, when models/ has no manifest", () => {
    const dir = mkdtempSync(join(tmpdir(), "faceflare-seed-"));
    dirs.push(dir);
    const r = seed(dir);
    expect(r.keys).toEqual([]);
    expect(r.log.join("\n")).toMatch(/manifest\.json not found/);
  });
});
