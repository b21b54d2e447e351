import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";

// The typed client's OpenAPI document (client/) is the routes' own, and valid
// OpenAPI 3.1. Its TypeScript types (client/src/schema.ts, made by
// openapi-typescript from the tools install) are checked in tools/test.
const ROOT = resolve(import.meta.dirname, "../..");

describe("client/openapi.json", () => {
  it("is what the routes generate now (client/src/image-formats.ts too)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "tools/client/generate.ts", "--check-document"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, "client/openapi.json"), "utf8"));
    const result = await validate(doc);
    const errors = result.valid ? [] : result.errors;
    expect(errors, JSON.stringify(errors, null, 1).slice(0, 2000)).toEqual([]);
    expect(doc.openapi).toBe("3.1.0");
  });
});
