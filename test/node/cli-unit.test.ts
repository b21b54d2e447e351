import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCli } from "../../client/src/cli/args.ts";
import { CliError, EXIT } from "../../client/src/cli/exit-codes.ts";
import { CSV_COLUMNS, outputLines, toCsv, toJsonl, type ResultLine } from "../../client/src/cli/output.ts";
import { duration, progressLine, ProgressBar } from "../../client/src/cli/progress.ts";

// The CLI as scripts need it (issue 14, point 2), without a server: where
// the key comes from, usage errors, the output formats and the progress bar.
const analyze = (argv: string[], env: Record<string, string> = {}) => {
  const p = parseCli(["analyze", "photos", ...argv], env);
  if (p.command !== "analyze") throw new Error(p.command);
  return p.options;
};
const usageError = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(EXIT.usage);
    return (err as Error).message;
  }
  throw new Error("no usage error");
};

describe("faceflare arguments", () => {
  it("take the key from FACEFLARE_KEY, else --key-file, with --key still possible and first (the rule of tools/api-key.ts too)", () => {
    const dir = mkdtempSync(join(tmpdir(), "ff-key-"));
    try {
      writeFileSync(join(dir, "key"), "ff_from_file\n");
      expect(analyze([], { FACEFLARE_KEY: "ff_env" }).key).toBe("ff_env");
      expect(analyze(["--key-file", join(dir, "key")], { FACEFLARE_KEY: "ff_env" }).key).toBe("ff_from_file");
      expect(analyze(["--key", "ff_flag"], { FACEFLARE_KEY: "ff_env" }).key).toBe("ff_flag");
      expect(usageError(() => analyze(["--key", "ff_flag", "--key-file", join(dir, "key")]))).toContain("not both");
      expect(analyze([]).key).toBeUndefined();
      expect(usageError(() => analyze(["--key-file", join(dir, "missing")]))).toContain("--key-file");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("take the URL from --url, else FACEFLARE_URL, and the format from --out's extension", () => {
    expect(analyze([]).url).toBe("http://127.0.0.1:8787");
    expect(analyze([], { FACEFLARE_URL: "https://api.example/" }).url).toBe("https://api.example");
    expect(analyze(["--url", "http://h:1"], { FACEFLARE_URL: "https://api.example" }).url).toBe("http://h:1");
    expect(analyze(["--out", "r.CSV"]).format).toBe("csv");
    expect(analyze([]).format).toBe("jsonl");
    expect(analyze([]).out).toBeUndefined();
  });

  it("answer --help and --version, and refuse bad input as a usage error", () => {
    expect(parseCli(["--help"]).command).toBe("help");
    expect(parseCli(["-h"]).command).toBe("help");
    expect(parseCli(["analyze", "--help"]).command).toBe("help");
    expect(parseCli(["--version"]).command).toBe("version");
    for (const argv of [[], ["analyse", "x"], ["analyze"], ["analyze", "a", "b"], ["analyze", "a", "--bogus"], ["analyze", "a", "--format", "xml"], ["analyze", "a", "--concurrency", "0"]]) {
      usageError(() => parseCli(argv, {}));
    }
  });
});

const lines: ResultLine[] = [
  {
    index: 0,
    key: "k0",
    status: "done",
    result: {
      faces: [
        { box: { x: 1, y: 2, width: 3, height: 4 }, score: 0.9, emotion: { label: "happiness", scores: { happiness: 0.8, neutral: 0.2 } }, age: { years: 30.1 }, gender: { label: "female", probability: 0.7 } },
        { box: { x: 5, y: 6, width: 7, height: 8 }, score: 0.8 },
      ],
    },
  },
  { index: 1, key: "k1", status: "done", result: { faces: [] } },
  { index: 2, key: "k2", status: "failed", error: { code: "corrupt_image", detail: "bad, truncated" } },
];
const names: Record<string, string> = { k0: "a.jpg", k1: "c.jpg", k2: 'b,"2".jpg' };
const out = outputLines(lines, (k) => names[k], [{ file: "big.jpg", error: { code: "too_large", detail: "over 20 MiB" } }]);

describe("faceflare output", () => {
  it("JSON Lines: one line per image, failures with an error object saying where they failed", () => {
    const parsed = toJsonl(out).trim().split("\n").map((l) => JSON.parse(l));
    expect(parsed.map((l) => l.file)).toEqual(["a.jpg", 'b,"2".jpg', "big.jpg", "c.jpg"]);
    expect(parsed[1]).toEqual({ file: 'b,"2".jpg', key: "k2", status: "failed", error: { code: "corrupt_image", detail: "bad, truncated", stage: "analysis" } });
    expect(parsed[2]).toEqual({ file: "big.jpg", status: "failed", error: { code: "too_large", detail: "over 20 MiB", stage: "upload" } });
    expect(parsed[0].result.faces).toHaveLength(2);
  });

  it("CSV: fixed flat columns, one row per face, failed images as a row with their error", () => {
    const csv = toCsv(out);
    const [header, ...rows] = csv.trimEnd().split("\n");
    expect(header).toBe(CSV_COLUMNS.join(","));
    expect(header).toBe("file,status,error,errorDetail,face,x,y,width,height,score,emotion,emotionScore,valence,arousal,age,gender,genderProbability,ethnicity,ethnicityScore");
    expect(rows).toEqual([
      "a.jpg,done,,,0,1,2,3,4,0.9,happiness,0.8,,,30.1,female,0.7,,",
      "a.jpg,done,,,1,5,6,7,8,0.8,,,,,,,,,",
      '"b,""2"".jpg",failed,corrupt_image,"bad, truncated",,,,,,,,,,,,,,,',
      "big.jpg,failed,too_large,over 20 MiB,,,,,,,,,,,,,,,",
      "c.jpg,done,,,,,,,,,,,,,,,,,",
    ]);
    expect(csv).not.toContain("{"); // no JSON inside cells
  });
});

describe("faceflare progress", () => {
  it("shows rate and ETA", () => {
    expect(progressLine("upload", 10, 40, 2.5)).toBe("upload     [######------------------] 10/40  2.5/s  ETA 12s");
    expect(progressLine("analyse", 0, 40, null, "(1 failed)")).toBe("analyse    [------------------------] 0/40 (1 failed)");
    expect(duration(65)).toBe("1m05s");
    expect(duration(7260)).toBe("2h01m");
  });

  it("draws on a terminal and stays quiet otherwise", async () => {
    const written: string[] = [];
    const quiet = new ProgressBar("upload", false, (s) => written.push(s));
    quiet.update(1, 2);
    quiet.finish();
    expect(written).toEqual([]);
    const tty = new ProgressBar("upload", true, (s) => written.push(s));
    tty.update(0, 4);
    await new Promise((r) => setTimeout(r, 600));
    tty.update(2, 4);
    tty.finish();
    expect(written[0]).toContain("0/4");
    expect(written[1]).toMatch(/2\/4 {2}[\d.]+\/s {2}ETA \d+s/);
    expect(written.at(-1)).toBe("\n");
  });
});
