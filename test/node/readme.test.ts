import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstJson, RUN_LANGS, type CodeBlock } from "../../tools/readme/blocks.ts";
import { abridge, sampleDifferences } from "../../tools/readme/sample-answer.ts";
import { blocksOf, DOCS, RUNNABLE_LANGS, sampleSource, startSession, type Session } from "../../tools/readme/session.ts";
import { PROBLEM, ROOT, typecheckBlocks } from "../../tools/readme/workspace.ts";

// The README's doc-test (issue 14, point 5): every code block of README.md
// and client/README.md runs as written, in order, as one terminal session of
// a reader (variables a block exports carry over; nothing is exported for
// it), against `wrangler dev` started as `npm run dev` starts it, from a
// scratch copy of the checkout (tools/readme/workspace.ts). A block fails on a
// non-zero exit or an RFC 9457 problem in its output. The sample answer must
// be what its command prints now. Blocks that cannot run here say why:
// `<!-- doc-test: skip (reason) -->` (tools/readme/blocks.ts).
const PERSIST = join(ROOT, ".wrangler/readme-test-state");
let session: Session;
let statusBefore: string;
const outputs = new Map<CodeBlock, string>();
const gitStatus = () => execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: ROOT, encoding: "utf8" });

beforeAll(async () => {
  statusBefore = gitStatus();
  session = await startSession(PERSIST);
});

afterAll(async () => {
  await session?.close();
});

for (const doc of DOCS) {
  const blocks = blocksOf(doc);

  describe(doc, () => {
    it("has a known language on every block, and a reason on every skip", () => {
      for (const b of blocks) expect(RUN_LANGS, `${doc}:${b.line} \`\`\`${b.lang}`).toContain(b.lang);
      const skipped = blocks.filter((b) => b.directive?.kind === "skip");
      for (const b of skipped) console.log(`[doc-test] ${doc}:${b.line} skipped: ${(b.directive as { reason: string }).reason}`);
      expect(blocks.filter((b) => RUNNABLE_LANGS.includes(b.lang) && !b.directive).length).toBeGreaterThan(0);
    });

    for (const block of blocks) {
      const name = `${doc}:${block.line} ${block.lang}: ${block.code.split("\n").find((l) => l.trim() && !l.startsWith("#"))?.slice(0, 60) ?? ""}`;
      if (block.directive?.kind === "skip") {
        it.skip(`${name} (${block.directive.reason})`, () => {});
      } else if (RUNNABLE_LANGS.includes(block.lang)) {
        it(`runs ${name}`, async () => {
          const r = await session.run(block);
          outputs.set(block, r.stdout);
          expect(r.status, `${doc}:${block.line} exited ${r.status}\n--- stdout\n${r.stdout.slice(-2000)}\n--- stderr\n${r.stderr.slice(-3000)}`).toBe(0);
          expect(r.stdout + r.stderr, `${doc}:${block.line} printed a problem`).not.toMatch(PROBLEM);
        });
      } else if (block.lang === "json") {
        it(`parses ${name}${block.directive?.kind === "sample" ? " and it is what its command answers now" : ""}`, () => {
          const sample = JSON.parse(block.code);
          if (block.directive?.kind !== "sample") return;
          const source = sampleSource(blocks, block);
          const printed = outputs.get(source);
          expect(printed, `${doc}:${source.line} did not run`).toBeDefined();
          const live = abridge(firstJson(printed!) as never);
          expect(sampleDifferences(sample, live as never), "run npm run readme:sample").toEqual([]);
        });
      }
    }
  });
}

describe("after the README's blocks", () => {
  it("the TypeScript blocks compile against the package's types (strict)", () => {
    expect(typecheckBlocks(session.workspace)).toBe("");
  });

  it("no tracked file changed and nothing was written into the checkout", () => {
    expect(gitStatus()).toBe(statusBefore);
  });
});
