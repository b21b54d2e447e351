/**
 * npm run readme:sample: regenerates the README's sample answer (the JSON
 * block marked `<!-- doc-test: sample -->`) from a real run: starts
 * `wrangler dev` as npm run dev does, runs the README's blocks up to the
 * command the sample shows, and writes that command's first answer,
 * abridged to its first face. --check only compares (exit 1 if it differs).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toolArgs } from "../tool-args.ts";
import { firstJson } from "./blocks.ts";
import { abridge, formatSample, sampleDifferences } from "./sample-answer.ts";
import { blocksOf, DOCS, RUNNABLE_LANGS, sampleSource, startSession } from "./session.ts";
import { ROOT } from "./workspace.ts";

const { values: args } = toolArgs(
  "readme:sample",
  `Usage: npm run readme:sample [-- --check]

Regenerates the sample answer in the README (the JSON block after
<!-- doc-test: sample -->) from a real run of the command before it against
wrangler dev. --check writes nothing and exits 1 if the README's sample is
not what the API answers now.`,
  { check: { type: "boolean", default: false } },
);

const session = await startSession(join(ROOT, ".wrangler/readme-sample-state"));
let stale = 0;
const rewrites: { doc: string; start: number; end: number; text: string }[] = [];
try {
  for (const doc of DOCS) {
    const blocks = blocksOf(doc);
    for (const sample of blocks.filter((b) => b.directive?.kind === "sample")) {
      const source = sampleSource(blocks, sample);
      // The session as a reader's: every block before the source runs first (exports, files).
      for (const b of blocks.slice(0, blocks.indexOf(source) + 1)) {
        if (!RUNNABLE_LANGS.includes(b.lang) || b.directive?.kind === "skip") continue;
        const r = await session.run(b);
        if (r.status !== 0) throw new Error(`${doc}:${b.line} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
        if (b !== source) continue;
        const live = abridge(firstJson(r.stdout) as never);
        const text = formatSample(live);
        const diff = sampleDifferences(JSON.parse(sample.code), live as never);
        if (args.check) {
          if (diff.length) {
            stale++;
            console.error(`${doc}:${sample.line}: the sample differs from the API's answer:\n  ${diff.join("\n  ")}`);
          } else console.log(`${doc}:${sample.line}: the sample is the API's answer`);
        } else {
          rewrites.push({ doc, start: sample.codeStart, end: sample.codeEnd, text });
          console.log(`${doc}:${sample.line}: rewrote the sample from ${doc}:${source.line}${diff.length ? ` (${diff.length} differences)` : " (no differences beyond timings)"}`);
        }
      }
    }
  }
} finally {
  await session.close();
}
// Last first, so the offsets of earlier blocks still hold.
for (const r of rewrites.sort((a, b) => b.start - a.start)) {
  const md = readFileSync(join(ROOT, r.doc), "utf8");
  writeFileSync(join(ROOT, r.doc), md.slice(0, r.start) + r.text + md.slice(r.end));
}
if (stale) process.exit(1);
