import { describe, expect, it } from "vitest";
import { allowedOrigin } from "../../src/http/cors.ts";
import { bearerToken, hashApiKey, keyIdOf, newApiKey } from "../../src/auth/api-key.ts";

describe("CORS origin policy", () => {
  it("allows the Worker's own origin and configured ones", () => {
    expect(allowedOrigin("https://api.example", "https://api.example/v1/x", "")).toBe("https://api.example");
    expect(allowedOrigin("https://app.example", "https://api.example/v1/x", "https://app.example/, https://b.example")).toBe("https://app.example");
    expect(allowedOrigin("https://evil.example", "https://api.example/v1/x", "https://app.example")).toBeNull();
    expect(allowedOrigin("https://any.example", "https://api.example/v1/x", "*")).toBe("https://any.example");
  });
});

describe("API key format", () => {
  it("has 256 random bits and a stable public id", async () => {
    const a = newApiKey();
    expect(a).toMatch(/^ff_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(newApiKey());
    expect(keyIdOf(await hashApiKey(a))).toHaveLength(24);
    expect(bearerToken(`Bearer ${a}`)).toBe(a);
    expect(bearerToken(`bearer   ${a}`)).toBe(a);
    expect(bearerToken(`Basic ${a}`)).toBeNull();
  });
});
