import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startWranglerDev, type DevServer } from "./wrangler-dev.ts";

// Issue 12 point 9: the static pages (/ and /docs) and their assets are served
// by the assets layer before the Worker runs, so their security headers come
// from public/_headers. Checked over HTTP against `wrangler dev`, which serves
// assets with the same code as production. The CSP must matter: no inline
// script, no eval, no other origin; the browser test (browser-demo.test.ts)
// checks that the pages run under it without a violation.
let server: DevServer;

beforeAll(async () => {
  server = await startWranglerDev(join(ROOT, ".wrangler/static-headers-state"), { UPLOAD_SIGNING_SECRET: "static-headers-test-secret-0123456789" });
});

afterAll(async () => {
  await server?.stop();
});

/** A CSP header as directive -> sources. */
function parseCsp(header: string): Map<string, string[]> {
  return new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
}

const PAGES = ["/", "/docs"];
const ASSETS = ["/demo/main.js", "/demo/style.css", "/demo/favicon.svg", "/docs-ui/docs.js", "/vendor/swagger-ui/swagger-ui-bundle.js", "/vendor/swagger-ui/swagger-ui.css"];

describe("security headers on static pages and assets", () => {
  for (const path of [...PAGES, ...ASSETS]) {
    it(`${path} carries the security headers and one strict CSP`, async () => {
      const res = await fetch(server.url + path);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      const h = res.headers;
      expect(h.get("x-content-type-options")).toBe("nosniff");
      expect(h.get("x-frame-options")).toBe("DENY");
      expect(h.get("referrer-policy")).toBe("no-referrer");
      expect(h.get("strict-transport-security")).toMatch(/^max-age=\d{8}/);
      expect(h.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(h.get("permissions-policy")).toMatch(/microphone=\(\)/);
      const header = h.get("content-security-policy");
      expect(header).toBeTruthy();
      // One policy, not two joined by a comma (a later _headers rule appends).
      expect(header).not.toContain(",");
      const csp = parseCsp(header!);
      expect(csp.get("default-src")).toEqual(["'none'"]);
      expect(csp.get("script-src")).toEqual(["'self'"]);
      expect(csp.get("style-src")).toEqual(["'self'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(csp.get("base-uri")).toEqual(["'none'"]);
      for (const [name, sources] of csp) {
        for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"]) expect(sources, `${name} ${bad}`).not.toContain(bad);
      }
    });
  }

  it("the demo page also requires Trusted Types (no HTML strings reach its DOM)", async () => {
    const csp = parseCsp((await fetch(server.url + "/")).headers.get("content-security-policy")!);
    expect(csp.get("require-trusted-types-for")).toEqual(["'script'"]);
    expect(csp.get("trusted-types")).toEqual(["'none'"]);
  });

  it("the Worker's answers keep their own API policy", async () => {
    for (const path of ["/openapi.json", "/v1/health"]) {
      const res = await fetch(server.url + path);
      await res.arrayBuffer();
      expect(parseCsp(res.headers.get("content-security-policy")!).get("default-src")).toEqual(["'none'"]);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });
});

describe("the pages need nothing the CSP forbids", () => {
  const publicDir = join(ROOT, "public");
  it("no inline scripts, inline styles or event-handler attributes in the HTML", () => {
    for (const page of ["index.html", "docs.html"]) {
      const html = readFileSync(join(publicDir, page), "utf8");
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, page).toMatch(/\bsrc="\/[^"]+"/);
      expect(html, page).not.toMatch(/<style\b/);
      expect(html, page).not.toMatch(/\sstyle=/);
      expect(html, page).not.toMatch(/\son[a-z]+=/);
    }
  });

  it("the demo's scripts build elements with DOM APIs, never from HTML strings", () => {
    for (const dir of ["demo", "docs-ui"]) {
      for (const file of readdirSync(join(publicDir, dir)).filter((f) => f.endsWith(".js"))) {
        const js = readFileSync(join(publicDir, dir, file), "utf8");
        expect(js, file).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
      }
    }
  });
});
