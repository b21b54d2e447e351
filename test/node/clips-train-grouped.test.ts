import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ClipClassifierSchema } from "../../src/clips/classifier.ts";
import { chooseL2, groupedCV, groupedFolds, metrics, nestedGroupedCV, type GroupedRow } from "../../tools/clips/grouped-cv.ts";
import { crossValidate } from "../../tools/learn/linear-model.ts";

// Issue 17: train:clip validates with clips grouped (subject, video, source
// photo) and chooses its penalty by validation inside the training side.
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function rng(seed: number) {
  let a = seed >>> 0;
  return () => ((a = (Math.imul(a ^ (a >>> 15), 1 | a) + 0x6d2b79f5) >>> 0) / 4294967296);
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());

/**
 * Clips whose features identify their group (a person) strongly and their
 * label only weakly (`signal`): each group has 4 clips of one label. A split
 * that puts a person's clips on both sides can learn the person, not the label.
 */
function people(seed: number, nGroups: number, signal: number, dim = 30): GroupedRow[] {
  const r = rng(seed);
  const labelDir = ["a", "b", "c"].map(() => Array.from({ length: dim }, () => gauss(r)));
  return Array.from({ length: nGroups }, (_, g) => {
    const person = Array.from({ length: dim }, () => 3 * gauss(r));
    const label = ["a", "b", "c"][g % 3];
    const k = ["a", "b", "c"].indexOf(label);
    return Array.from({ length: 4 }, () => ({
      label,
      group: `p${g}`,
      descriptor: person.map((p, i) => 5 + p + signal * labelDir[k][i] + 0.3 * gauss(r)),
    }));
  }).flat();
}

describe("grouped folds", () => {
  it("never split a group, and keep every label in every fold when they can", () => {
    const rows = people(1, 30, 0.5);
    const { fold, k } = groupedFolds(rows, 5);
    expect(k).toBe(5);
    const byGroup = new Map<string, Set<number>>();
    rows.forEach((r, i) => byGroup.set(r.group, (byGroup.get(r.group) ?? new Set()).add(fold[i])));
    for (const folds of byGroup.values()) expect(folds.size).toBe(1);
    for (let f = 0; f < 5; f++) expect(new Set(rows.filter((_, i) => fold[i] === f).map((r) => r.label)).size).toBe(3);
    expect(groupedFolds(rows.slice(0, 8), 5).k).toBe(2); // two groups: two folds
  });

  it("report what a split by clip hides: clips of one person on both sides look learnable", () => {
    const rows = people(2, 24, 0); // the label is not in the features at all
    const byClip = crossValidate(rows, 4, { l2: 1e-3, epochs: 150 });
    const byPerson = groupedCV(rows, 4, { l2: 1e-3, epochs: 150 });
    expect(byClip.accuracy).toBeGreaterThan(0.9); // it learned who, and who has which label
    expect(byPerson.metrics.accuracy).toBeLessThan(0.6); // chance is 1/3
  });
});

describe("metrics", () => {
  it("accuracy, macro-F1, per-class recall and the confusion matrix of a hand-checked case", () => {
    const m = metrics(["a", "a", "a", "b", "b", "c"], ["a", "a", "b", "b", "a", ""], ["a", "b", "c"]);
    expect(m.n).toBe(5); // "" is not scored
    expect(m.accuracy).toBeCloseTo(3 / 5, 12);
    expect(m.confusion.matrix).toEqual([[2, 1, 0], [1, 1, 0], [0, 0, 0]]);
    expect(m.perClassRecall).toEqual({ a: 2 / 3, b: 1 / 2, c: 0 });
    // F1: a = 2·2/(3+3), b = 2·1/(2+2), c = 0.
    expect(m.macroF1).toBeCloseTo((4 / 6 + 2 / 4 + 0) / 3, 12);
  });
});

describe("penalty chosen by validation", () => {
  it("chooseL2 picks the grid value with the best grouped macro-F1; nested CV picks per outer fold from the training side only", () => {
    const rows = people(3, 18, 4, 20);
    const labels = ["a", "b", "c"];
    const grid = [1e-4, 1, 100];
    const chosen = chooseL2(rows, 3, grid, { epochs: 120 }, labels);
    expect(chosen.candidates.map((c) => c.l2)).toEqual(grid);
    const best = Math.max(...chosen.candidates.map((c) => c.macroF1));
    expect(chosen.candidates.find((c) => c.l2 === chosen.l2)!.macroF1).toBe(best);
    const nested = nestedGroupedCV(rows, 3, 2, grid, { epochs: 120 });
    expect(nested.folds).toBe(3);
    expect(nested.chosenPerFold).toHaveLength(3);
    for (const l2 of nested.chosenPerFold) expect(grid).toContain(l2);
    expect(nested.metrics.n).toBe(rows.length);
    expect(nested.metrics.accuracy).toBeGreaterThan(0.6); // the label is in the features here
  });
});

describe("npm run train:clip", () => {
  function descriptorsFile(rows: GroupedRow[], withPath: boolean) {
    const dir = mkdtempSync(join(tmpdir(), "faceflare-train-"));
    dirs.push(dir);
    const file = join(dir, "clips.jsonl");
    const lines = rows.map((r, i) => ({
      label: r.label, descriptor: i === 3 ? [] : r.descriptor, mode: "single", emotionModel: "emotion", frames: 3, framesWithFaces: i === 3 ? 0 : 3,
      ...(withPath ? { path: `${r.label}/${r.group}/clip${i}` } : { subject: r.group }),
    }));
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    return { dir, file };
  }
  const train = (args: string[]) => run("npx", ["tsx", "tools/clips/train-clip.ts", ...args], { maxBuffer: 1 << 24 });

  it("--group-by segment:1: nested grouped CV is the headline, the choice and the data go in the card", async () => {
    const rows = people(4, 15, 1.5, 16);
    const { dir, file } = descriptorsFile(rows, true);
    const out = join(dir, "mood.json");
    const { stdout } = await train([file, "--id", "mood", "--group-by", "segment:1", "--folds", "3", "--inner-folds", "2", "--l2-grid", "0.001,0.1", "--epochs", "100", "--data", "synthetic people", "--out", out]);
    expect(stdout).toMatch(/60 clips \(a=20, b=20, c=20\), 15 groups, descriptor 16 values, single, emotion, 1 without a face/);
    expect(stdout).toMatch(/nested grouped CV: 3 outer folds.*accuracy \d+\.\d%, macro-F1 \d+\.\d%/);
    expect(stdout).toMatch(/recall: a \d+\.\d%, b/);
    const model = ClipClassifierSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(model).toMatchObject({ id: "mood", mode: "single", emotionModel: "emotion", labels: ["a", "b", "c"], descriptorDim: 16 });
    const card = model.card!;
    expect(card.trainingData).toMatchObject({ description: "synthetic people", clips: 60, groups: 15, groupBy: "segment:1", perLabel: { a: 20, b: 20, c: 20 }, clipsWithoutFaces: 1 });
    expect(card.crossValidation).toMatchObject({ folds: 3, accuracy: model.cvAccuracy });
    expect(card.crossValidation!.scheme).toMatch(/^nested grouped CV/);
    expect(Object.keys(card.crossValidation!.perClassRecall!)).toEqual(["a", "b", "c"]);
    expect(card.crossValidation!.confusion!.matrix.flat().reduce((a, b) => a + b, 0)).toBe(60);
    expect([0.001, 0.1]).toContain(card.regularisation!.l2);
    expect(card.regularisation!.chosenBy).toMatch(/macro-F1/);
    expect(card.regularisation!.chosenPerOuterFold).toHaveLength(3);
    expect(card.command).toContain("--group-by segment:1");
  });

  it("--group-by a column; without --group-by it warns; bad specs are usage errors (exit 2)", async () => {
    const rows = people(5, 9, 1.5, 8);
    const { dir, file } = descriptorsFile(rows, false);
    const { stdout } = await train([file, "--group-by", "column:subject", "--l2", "0.01", "--folds", "3", "--epochs", "60", "--out", join(dir, "a.json")]);
    expect(stdout).toMatch(/9 groups/);
    expect(stdout).toMatch(/grouped 3-fold CV at l2 0.01/);
    expect(JSON.parse(readFileSync(join(dir, "a.json"), "utf8")).card.regularisation.chosenBy).toMatch(/fixed by --l2/);
    const plain = await train([file, "--l2", "0.01", "--folds", "3", "--epochs", "60", "--out", join(dir, "b.json")]);
    expect(plain.stderr).toMatch(/no --group-by/);
    const bad = await train([file, "--group-by", "segment:1", "--out", join(dir, "c.json")]).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no path/);
    const help = await train(["--help"]);
    expect(help.stdout).toContain("--group-by");
  });
});
