import { readFileSync } from "node:fs";

/**
 * An earlier run of this bench, shown beside the fresh one (`--before FILE`):
 * its command, date and code, and its latency, ratio and per-stage tables
 * copied as they were written. Ratios are only compared within a run; the
 * earlier tables say what changed between two runs of the same command.
 */
export interface BeforeRun {
  header: string[];
  sections: { title: string; body: string }[];
}

const COPIED = ["## Latency", "## Ratios (same run)", "## Where the time goes"];

export function readBefore(file: string): BeforeRun {
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  // The header: the "- Key: value" lines above the first section.
  const firstSection = lines.findIndex((l) => l.startsWith("## "));
  const header = lines.slice(0, firstSection < 0 ? lines.length : firstSection).filter((l) => /^- (Command|Date|Machine|Load average):/.test(l));
  if (!header.some((l) => l.startsWith("- Command:"))) throw new Error(`${file} is not a results file written by npm run bench`);
  const sections: BeforeRun["sections"] = [];
  // Only the file's own sections: a "## Before" block inside it is not copied again.
  const own = text.split(/\n## Before\b/)[0];
  for (const chunk of own.split(/\n(?=## )/)) {
    const title = chunk.split("\n", 1)[0];
    if (COPIED.some((c) => title.startsWith(c))) sections.push({ title: title.replace(/^## /, ""), body: chunk.slice(title.length).trim() });
  }
  return { header, sections };
}

export function beforeSection(b: BeforeRun): string {
  return [
    "An earlier run of the bench on the same machine, its tables as that run wrote them:",
    "",
    ...b.header,
    "",
    ...b.sections.flatMap((s) => [`### ${s.title} (before)`, "", s.body, ""]),
  ].join("\n").trimEnd();
}
