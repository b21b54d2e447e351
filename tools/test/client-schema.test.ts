import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// client/src/schema.ts is what openapi-typescript makes of the routes' document
// now (test/node/openapi-client.test.ts checks the document itself).
const ROOT = resolve(import.meta.dirname, "../..");

describe("client/src/schema.ts", () => {
  it("is what `npm run client:generate` writes from the routes now", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "tools/client/generate.ts", "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});
