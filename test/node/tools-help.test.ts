import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Every tool under `npm run` answers --help (exit 0) and refuses an unknown
// option with its usage (exit 2), never with a stack trace; `keys list`
// shows the development key; a measurement rewrites no tracked file unless
// asked (issue 14, point 2). The tools that need the tools install (eval,
// verify, models, bench, client:generate, train:head) are checked by the tools
// suite, tools/test/tools-help.test.ts: their npm scripts install it first.
const ROOT = join(import.meta.dirname, "../..");
const TOOLS = ["keys", "analyze", "train:clip", "clip:descriptors", "clip:synthetic", "bench:load", "readme:sample"];
const STACK = /\n\s+at .+:\d+:\d+/;

type Ran = { status: number | null; stdout: string; stderr: string };
const npmRun = (script: string, args: string[]): Ran => {
  const r = spawnSync("npm", ["run", "-s", script, "--", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The same, without blocking: the tools start (tsx compiles each) two at a time. */
const npmRunAsync = (script: string, args: string[]) =>
  new Promise<Ran>((resolve) => {
    const child = spawn("npm", ["run", "-s", script, "--", ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });

describe.concurrent("npm run <tool> -- --help", { concurrent: true }, () => {
  it.for(TOOLS)("%s: prints its usage and exits 0", async (tool) => {
    const help = await npmRunAsync(tool, ["--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run /);
    expect(help.stderr).not.toMatch(STACK);
  });

  // Every tool parses through tools/tool-args.ts (the --help above proves it); two suffice for its refusals.
  it.for(["keys", "analyze"])("%s: an unknown option exits 2 with the usage, no stack trace", async (tool) => {
    const bad = await npmRunAsync(tool, ["--no-such-option"]);
    expect(bad.status, bad.stdout + bad.stderr).toBe(2);
    expect(bad.stderr).toContain("--no-such-option");
    expect(bad.stderr).toContain("Usage: ");
    expect(bad.stderr).not.toMatch(STACK);
  });
});

describe("npm run keys", () => {
  it("lists the development key when it is the only one, and prints it for `export KEY=$(npm run -s keys -- dev)`", () => {
    const dir = mkdtempSync(join(tmpdir(), "ff-keys-"));
    try {
      const devVars = join(dir, ".dev.vars");
      writeFileSync(devVars, 'UPLOAD_SIGNING_SECRET="s"\nDEV_API_KEY="ff_dev_key_for_the_keys_test_0123456789"\n');
      const list = npmRun("keys", ["list", "--persist-to", join(dir, "state"), "--dev-vars", devVars]);
      expect(list.status, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/^[0-9a-f]{24}\tdev\t/m);
      const dev = npmRun("keys", ["dev", "--dev-vars", devVars]);
      expect(dev.stdout.trim()).toBe("ff_dev_key_for_the_keys_test_0123456789");
      const noDev = npmRun("keys", ["dev", "--dev-vars", join(dir, "missing")]);
      expect(noDev.status).toBe(1);
      expect(noDev.stderr).toMatch(/^keys: no development key/);
      expect(noDev.stderr).not.toMatch(STACK);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
