import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT, wranglerEnv, wranglerCommand } from "../../tools/wrangler-bin.ts";

// Env comes from wrangler.toml through `npm run types` (worker-configuration.d.ts,
// committed): a binding added to wrangler.toml without regenerating fails here.
describe("worker-configuration.d.ts", () => {
  it("is what `wrangler types` generates from wrangler.toml now", () => {
    const [node, args] = wranglerCommand(["types", "--check", "--strict-vars=false"]);
    let output = "";
    try {
      output = execFileSync(node, args, { cwd: ROOT, encoding: "utf8", stdio: "pipe", env: wranglerEnv() });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`stale: run \`npm run types\` and commit worker-configuration.d.ts\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    expect(output).toMatch(/up to date/);
  });
});
