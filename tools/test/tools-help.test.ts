import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The tools that need the tools install answer --help (exit 0) without a stack
// trace, and a measurement rewrites no tracked file unless asked (issue 14,
// point 2). The lean suite checks the other tools (test/node/tools-help.test.ts).
const ROOT = join(import.meta.dirname, "../..");
const TOOLS = ["eval", "verify", "models", "bench", "client:generate", "train:head"];
const STACK = /\n\s+at .+:\d+:\d+/;

const npmRun = (script: string, args: string[]) => spawnSync("npm", ["run", "-s", script, "--", ...args], { cwd: ROOT, encoding: "utf8" });

describe("npm run <tool> -- --help (tools install)", () => {
  it.for(TOOLS)("%s: prints its usage and exits 0", (tool) => {
    const help = npmRun(tool, ["--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run /);
    expect(help.stderr).not.toMatch(STACK);
  });
});

describe("a measurement rewrites no tracked file unless asked", () => {
  it("npm run verify prints its figures and leaves tools/forge/measured.json alone without --write", () => {
    const measured = join(ROOT, "tools/forge/measured.json");
    const hash = () => createHash("sha256").update(readFileSync(measured)).digest("hex");
    const before = hash();
    // The shipped models against themselves: a cheap full run of the tool.
    const r = npmRun("verify", ["--fp32", "models", "--limit", "0"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("emotion");
    expect(r.stderr).toContain("left as it is");
    expect(hash()).toBe(before);
  });
});
