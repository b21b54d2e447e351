import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { beforeSection, readBefore } from "../../bench/before.ts";
import { keepMarkedSections, perFace } from "../../bench/report.ts";
import { quantile, summarize } from "../../bench/stats.ts";
import type { LatencyResult } from "../../bench/types.ts";

describe("bench statistics", () => {
  it("interpolates quantiles between ranks and ignores input order", () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.95)).toBe(10);
    expect(quantile([0, 100], 0.95)).toBe(95);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
    expect(summarize([5, 1, 3])).toMatchObject({ n: 3, median: 3, min: 1, max: 5, mean: 3 });
  });

  it("computes per-face figures from each request's own face count", () => {
    const r: LatencyResult = {
      system: "s",
      setup: "",
      cpuMs: 60,
      loopWallMs: 0,
      samples: [
        { photo: "a", faces: 2, wallMs: 20, stages: {} },
        { photo: "b", faces: 4, wallMs: 80, stages: {} },
        { photo: "c", faces: 0, wallMs: 5, stages: {} },
      ],
    };
    const f = perFace(r);
    expect(f.faces).toBe(6);
    expect(f.wall.n).toBe(2); // the faceless request has no per-face figure
    expect(f.wall.median).toBe(15);
    expect(f.cpuPerFace).toBe(10);
    expect(f.wallPerFace).toBeCloseTo(105 / 6);
  });
});

describe("RESULTS.md rewrite", () => {
  it("keeps sections other bench scripts own", () => {
    const old = "# old report\n\n<!-- bench:load begin -->\n## Load\nrows\n<!-- bench:load end -->\n";
    const out = keepMarkedSections(old, "# new report\n");
    expect(out.startsWith("# new report")).toBe(true);
    expect(out).not.toContain("old report");
    expect(out).toContain("<!-- bench:load begin -->\n## Load\nrows\n<!-- bench:load end -->");
    expect(keepMarkedSections("# old", "# new\n")).toBe("# new\n");
  });
});

describe("--before: an earlier run beside this one", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-before-"));
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));

  it("copies the earlier run's header, latency, ratio and per-stage tables, not its own before block", () => {
    const path = file(
      "old.md",
      [
        "# Benchmark: POST /v1/analyze", "", "- Command: `npm run bench`", "- Date: 2026-11-30 (bench took 72 s); code: abc1234", "- Machine: 2 cores", "",
        "## Latency", "", "| a | b |", "", "## Ratios (same run)", "", "| r | 0.71× |", "",
        "## Where the time goes (median ms per request)", "", "| decode | 32 |", "",
        "## Before: the same command on earlier code", "", "### Latency (before)", "", "| older |", "",
        "## Memory", "", "| 95 MiB |", "", "## Human configuration", "", "- Command: `not the header`", "",
      ].join("\n"),
    );
    const b = readBefore(path);
    expect(b.header).toEqual(["- Command: `npm run bench`", "- Date: 2026-11-30 (bench took 72 s); code: abc1234", "- Machine: 2 cores"]);
    expect(b.sections.map((s) => s.title)).toEqual(["Latency", "Ratios (same run)", "Where the time goes (median ms per request)"]);
    const md = beforeSection(b);
    expect(md).toContain("| r | 0.71× |");
    expect(md).toContain("| decode | 32 |");
    expect(md).not.toContain("older");
    expect(md).not.toContain("95 MiB");
    expect(md).not.toContain("not the header");
  });

  it("refuses a file the bench did not write", () => {
    expect(() => readBefore(file("notes.md", "# Notes\n\n## Latency\n"))).toThrow(/not a results file/);
  });
});
