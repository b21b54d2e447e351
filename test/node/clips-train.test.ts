import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ClipClassifierSchema, classifyDescriptor } from "../../src/clips/classifier.ts";
import { decodeMoments, emptyMoments, encodeMoments, momentsStd, pushMoments } from "../../src/clips/moments.ts";
import { crossValidate, fitLinear, predictLabel, type LabelledDescriptor } from "../../tools/learn/linear-model.ts";

function rng(seed: number) {
  let a = seed >>> 0;
  return () => ((a = (Math.imul(a ^ (a >>> 15), 1 | a) + 0x6d2b79f5) >>> 0) / 4294967296);
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());

/** Three labelled clusters in 40 dimensions, imbalanced 30/12/6, overlapping a little. */
function clusters(seed: number): LabelledDescriptor[] {
  const r = rng(seed);
  const centres = [0, 1, 2].map(() => Array.from({ length: 40 }, () => gauss(r)));
  const sizes = [30, 12, 6];
  return sizes.flatMap((n, k) =>
    Array.from({ length: n }, () => ({ label: `c${k}`, descriptor: centres[k].map((c) => 3 + c + 0.6 * gauss(r)) })),
  );
}

describe("streaming moments", () => {
  it("one Welford pass, and its stored form, equal the direct statistics", () => {
    const r = rng(1);
    const rows = Array.from({ length: 101 }, () => Array.from({ length: 5 }, () => 1e5 + gauss(r)));
    const whole = emptyMoments(5, true);
    rows.forEach((x) => pushMoments(whole, x));
    const stored = decodeMoments(encodeMoments(whole));
    for (let i = 0; i < 5; i++) {
      const col = rows.map((x) => x[i]);
      const mean = col.reduce((s, v) => s + v, 0) / col.length;
      const std = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length);
      for (const m of [whole, stored]) {
        expect(m.n).toBe(101);
        expect(m.mean[i]).toBeCloseTo(mean, 8);
        expect(momentsStd(m)[i]).toBeCloseTo(std, 8);
        expect(m.max![i]).toBe(Math.max(...col));
        expect(m.min![i]).toBe(Math.min(...col));
      }
    }
  });
});

describe("clip classifier training", () => {
  for (const kind of ["logistic", "svm"] as const) {
    it(`${kind}: separates clusters in k-fold CV and serves the same predictions`, () => {
      const rows = clusters(2);
      const cv = crossValidate(rows, 3, { kind });
      expect(cv.folds).toBe(3);
      expect(cv.accuracy).toBeGreaterThan(0.9);
      const model = ClipClassifierSchema.parse({ id: "t", mode: "single", emotionModel: "m", ...fitLinear(rows, { kind }) });
      for (const row of clusters(2).slice(0, 48).filter((_, i) => i % 5 === 0)) {
        expect(classifyDescriptor(model, row.descriptor).label).toBe(predictLabel(model, row.descriptor));
      }
    });
  }

  it("npm run train:clip: reads JSONL, reports CV accuracy, writes a loadable model", () => {
    const dir = mkdtempSync(join(tmpdir(), "clip-train-"));
    const input = join(dir, "descriptors.jsonl");
    writeFileSync(input, clusters(3).map((r) => JSON.stringify({ ...r, mode: "group", emotionModel: "enet" })).join("\n"));
    const out = join(dir, "model.json");
    const log = execFileSync("npx", ["tsx", "tools/clips/train-clip.ts", input, "--id", "demo", "--folds", "4", "--out", out], { encoding: "utf8" });
    expect(log).toMatch(/nested grouped CV: 4 outer folds.*accuracy \d+\.\d%/);
    const model = ClipClassifierSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(model).toMatchObject({ id: "demo", mode: "group", emotionModel: "enet", descriptorDim: 40, labels: ["c0", "c1", "c2"] });
    expect(model.cvAccuracy).toBeGreaterThan(0.9);
  });
});
