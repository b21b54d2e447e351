import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { revokeKey } from "../../src/auth/key-store.ts";
import type { Env } from "../../src/env.ts";
import { authHeaders, provisionKey } from "./helpers/auth.ts";
import { seedManifest, type SeedEnv } from "./helpers/seed-models.ts";

const KEYS = (env as unknown as Env).KEYS;
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(`http://faceflare.test${path}`, init);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function expect401(res: Response, detail: RegExp) {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  const body = (await res.json()) as { code: string; detail: string };
  expect(body).toMatchObject({ code: "unauthorized", status: 401 });
  expect(body.detail).toMatch(detail);
}

// Creating a clip (the protected request used here) reads the manifest's default emotion model.
beforeAll(() => seedManifest(env as unknown as SeedEnv));

describe("API keys", () => {
  const protectedCalls: [string, RequestInit][] = [
    ["/v1/models", {}],
    ["/v1/analyze", { method: "POST", body: new Uint8Array([0xff, 0xd8, 0xff]) }],
    ["/v1/clips", { method: "POST" }],
    ["/v1/clips/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", {}],
    ["/v1/uploads", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }],
    ["/v1/batches", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }],
    [`/v1/batches/${"0".repeat(32)}`, { method: "DELETE" }],
  ];

  it("refuse every protected route without a key, with a wrong key, with a malformed header", async () => {
    for (const [path, init] of protectedCalls) {
      await expect401(await call(path, init), /Authorization: Bearer/);
      await expect401(await call(path, { ...init, headers: { ...(init.headers as object), ...bearer(`ff_${"A".repeat(43)}`) } }), /not valid/);
      await expect401(await call(path, { ...init, headers: { ...(init.headers as object), authorization: "Basic dXNlcjpwYXNz" } }), /Authorization: Bearer/);
    }
  });

  it("let a valid key in, and refuse it once revoked", async () => {
    const k = await provisionKey("to-revoke");
    const ok = await call("/v1/clips", { method: "POST", headers: k.headers });
    expect(ok.status).toBe(201);
    expect(ok.headers.get("ratelimit-limit")).toBe(String(100_000));
    expect(await revokeKey(KEYS, k.id)).toBe(true);
    await expect401(await call("/v1/clips", { method: "POST", headers: k.headers }), /revoked/);
  });

  it("refuse an expired key", async () => {
    const k = await provisionKey("short", {}, 60);
    const stored = await KEYS.list({ prefix: `apikey:${k.id}` });
    const name = stored.keys[0].name;
    const record = JSON.parse((await KEYS.get(name))!);
    await KEYS.put(name, JSON.stringify({ ...record, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    await expect401(await call("/v1/clips", { method: "POST", headers: k.headers }), /expired/);
  });

  it("store only the key's hash", async () => {
    const k = await provisionKey("hashed");
    const { keys } = await KEYS.list({ prefix: "apikey:" });
    const all = await Promise.all(keys.map(async (e) => e.name + (await KEYS.get(e.name))));
    expect(all.some((s) => s.includes(k.key))).toBe(false);
    expect(keys.some((e) => e.name.startsWith(`apikey:${k.id}`))).toBe(true);
  });

  it("keep health, the OpenAPI document and unknown non-API paths public", async () => {
    expect((await call("/v1/health")).status).toBe(200);
    const doc = (await (await call("/openapi.json")).json()) as { security: unknown; components: { securitySchemes: Record<string, unknown> }; paths: Record<string, any> };
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/v1/health"].get.security).toEqual([]);
    expect(doc.paths["/v1/clips"].post.responses).toHaveProperty("401");
    expect(doc.paths["/v1/clips"].post.responses).toHaveProperty("429");
  });
});

describe("demo keys", () => {
  it("are handed out publicly with tight limits and a short life, and work", async () => {
    const res = await call("/v1/demo/key", { method: "POST", headers: { "cf-connecting-ip": "203.0.113.7" } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { key: string; expiresAt: string; limits: { requestsPerMinute: number } };
    expect(body.key).toMatch(/^ff_[A-Za-z0-9_-]{43}$/);
    const life = Date.parse(body.expiresAt) - Date.now();
    expect(life).toBeGreaterThan(0);
    expect(life).toBeLessThanOrEqual(900_000);
    expect(body.limits.requestsPerMinute).toBeLessThanOrEqual(30);
    expect((await call("/v1/clips", { method: "POST", headers: bearer(body.key) })).status).toBe(201);
  });

  it("are rate-limited per client IP", async () => {
    const ask = (ip: string) => call("/v1/demo/key", { method: "POST", headers: { "cf-connecting-ip": ip } });
    for (let i = 0; i < 5; i++) expect((await ask("198.51.100.1")).status).toBe(201);
    const refused = await ask("198.51.100.1");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: "rate_limited", limit: "demoKeysPerNetwork", max: 5 });
    expect((await ask("198.51.100.2")).status).toBe(201); // another client is not affected
  });
});

describe("CORS and security headers", () => {
  it("put security headers on every response, errors included", async () => {
    for (const res of [await call("/v1/health"), await call("/v1/models"), await call("/nope"), await call("/v1/models", { headers: await authHeaders() })]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security")).toContain("max-age=");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
  });

  it("answer preflights for the Worker's own origin and configured origins only", async () => {
    const preflight = (origin: string) =>
      call("/v1/analyze", { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } });
    const own = await preflight("http://faceflare.test");
    expect(own.status).toBeLessThan(300);
    expect(own.headers.get("access-control-allow-origin")).toBe("http://faceflare.test");
    expect(own.headers.get("access-control-allow-headers")).toContain("authorization");
    const stranger = await preflight("https://evil.example");
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    const res = await call("/v1/models", { headers: { origin: "http://faceflare.test", ...(await authHeaders()) } });
    expect(res.headers.get("access-control-expose-headers")).toContain("retry-after");
  });
});
