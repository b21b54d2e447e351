import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, chromiumMissing, launchChromium, ROOT, startDev, type DevServer } from "./browser-harness.ts";

// The demo page and the API docs in real headless Chromium against
// `wrangler dev` with the real models. Screenshots: test-results/browser/.
const SAMPLE1 = join(ROOT, "test/fixtures/demo/sample1.jpg");
const CAMERA = join(ROOT, "test/fixtures/clip-faces.mjpeg"); // tools/fixtures/make-clip-video.ts
const EMOTIONS = ["anger", "contempt", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"];
const MIN_CLIP_POINTS = 4;

const skip = chromiumMissing();
let server: DevServer;
let browser: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
/** Content-Security-Policy and Trusted Types refusals the browser reported (public/_headers). */
const cspViolations: string[] = [];
const CSP_MESSAGE = /Content Security Policy|Trusted ?(HTML|Type|Script)/i;

beforeAll(async () => {
  if (skip) return;
  server = await startDev();
  browser = await launchChromium(CAMERA);
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("pageerror", (e) => pageErrors.push(e.message));
  browser.on("console", (m) => m.type() === "error" && CSP_MESSAGE.test(m.text()) && cspViolations.push(m.text()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** How many pixels of a canvas are not background (white or transparent). */
function inkedPixels(p: Page, selector: string): Promise<number> {
  // Runs in the page (this project's TypeScript has no DOM types).
  return p.$eval(selector, (canvas: any) => {
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) n++;
    return n;
  });
}

describe.skipIf(skip)("demo page in headless Chromium", () => {
  it("draws a box, keypoints and labels for each of the 3 faces of a photo", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector("body[data-ready]");
    const notice = await page.locator("#notice").textContent();
    expect(notice).toContain("not a person's inner emotional state");
    expect(notice).toContain("not stored");
    expect(notice).toContain("SHA-256");
    await page.setInputFiles("#photo-input", SAMPLE1);
    await page.waitForSelector(".face-card", { timeout: 120_000 });

    const boxes = page.locator("[data-testid=face-box]");
    expect(await boxes.count()).toBe(3);
    for (const box of await boxes.all()) {
      const { width, height } = (await box.boundingBox())!;
      expect(width).toBeGreaterThan(20);
      expect(height).toBeGreaterThan(20);
      expect(EMOTIONS).toContain(await box.locator(".emotion-label").textContent());
      expect(await box.locator(".attrs").textContent()).toMatch(/^\d+ y · (female|male) · \w+/);
    }
    expect(await page.locator("#photo-stage .keypoint").count()).toBeGreaterThanOrEqual(3 * 5);
    const cards = page.locator(".face-card");
    expect(await cards.count()).toBe(3);
    for (const card of await cards.all()) {
      expect(EMOTIONS).toContain(await card.getAttribute("data-emotion-label"));
      expect(await card.locator(".bar").count()).toBeGreaterThanOrEqual(7);
      expect(await card.textContent()).toContain("Apparent age");
    }
    expect(await page.locator("#photo-status").textContent()).toContain("3 faces found");
    await page.screenshot({ path: join(ARTEFACTS, "demo-photo.png"), fullPage: true });
  });

  it("streams the fake camera into a clip and the emotion chart grows", async () => {
    const blankChart = await inkedPixels(page, "#clip-chart");
    await page.click("#camera-start");
    // A function, not a string: the page's CSP forbids evaluating strings (Playwright's string predicates are eval'd).
    await page.waitForFunction((min) => Number((globalThis as any).document.querySelector("#clip-chart").dataset.points) >= min, MIN_CLIP_POINTS, {
      timeout: 180_000,
      polling: 500,
    });
    expect(await page.locator("#clip-legend li").count()).toBeGreaterThanOrEqual(7);
    expect(await inkedPixels(page, "#clip-chart")).toBeGreaterThan(blankChart + 500);
    await page.waitForSelector("#clip-summary .bar");
    expect(await page.locator("#clip-counts").textContent()).toContain("frames had a face");
    await page.screenshot({ path: join(ARTEFACTS, "demo-clip.png"), fullPage: true });

    await page.click("#clip-delete");
    await page.locator("#clip-status", { hasText: "deleted" }).waitFor({ timeout: 60_000 });
    expect(pageErrors).toEqual([]);
    // The page ran under its strict CSP and Trusted Types without a refusal.
    expect((await page.request.get(`${server.url}/`)).headers()["content-security-policy"]).toContain("require-trusted-types-for 'script'");
    expect(cspViolations).toEqual([]);
  });

  it("serves interactive API docs at /docs from local assets", async () => {
    const docs = await browser.newPage();
    const external: string[] = [];
    docs.on("request", (r) => !r.url().startsWith(server.url) && !r.url().startsWith("data:") && external.push(r.url()));
    await docs.goto(`${server.url}/docs`);
    await docs.waitForSelector(".opblock-summary-path", { timeout: 60_000 });
    const paths = await docs.locator(".opblock-summary-path").allTextContents();
    expect(paths).toEqual(expect.arrayContaining(["/v1/analyze", "/v1/clips", "/v1/clips/{id}/frames", "/v1/models", "/v1/health"]));
    expect(external).toEqual([]);
    // "Try it out" works under the docs page's CSP: GET /v1/health from the page.
    const health = docs.locator(".opblock", { has: docs.locator(".opblock-summary-path", { hasText: /^\/v1\/health$/ }) });
    await health.locator(".opblock-summary").click();
    await health.locator("button.execute").click();
    await health.locator(".live-responses-table .response-col_status", { hasText: "200" }).first().waitFor({ timeout: 30_000 });
    expect(cspViolations).toEqual([]);
    await docs.screenshot({ path: join(ARTEFACTS, "docs.png") });
    await docs.close();
  });
});
