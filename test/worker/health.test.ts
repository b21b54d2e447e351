import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("health and errors", () => {
  it("answers health", async () => {
    const res = await exports.default.fetch("http://x/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });
  it("answers unknown routes with problem details", async () => {
    const res = await exports.default.fetch("http://x/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "not_found", status: 404 });
  });
});
