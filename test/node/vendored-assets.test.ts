import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The vendored Swagger UI is byte for byte what `npm run vendor:swagger-ui`
// copied from the package version it records (that public/ holds no links is
// checked with the deploy bundle, deploy-bundle.test.ts).
const PUBLIC = resolve(import.meta.dirname, "../../public");

describe("public/ assets", () => {
  it("hold the vendored Swagger UI files unchanged", () => {
    const dir = join(PUBLIC, "vendor/swagger-ui");
    const record = JSON.parse(readFileSync(join(dir, "VENDORED.json"), "utf8")) as { package: string; version: string; files: Record<string, string> };
    expect(record.package).toBe("swagger-ui-dist");
    expect(Object.keys(record.files)).toEqual(expect.arrayContaining(["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"]));
    for (const [name, sha256] of Object.entries(record.files)) {
      expect(createHash("sha256").update(readFileSync(join(dir, name))).digest("hex"), name).toBe(sha256);
    }
    const page = readFileSync(join(PUBLIC, "docs.html"), "utf8");
    for (const asset of page.match(/\/vendor\/swagger-ui\/[\w.-]+/g) ?? []) expect(Object.keys(record.files)).toContain(asset.split("/").pop());
  });
});
