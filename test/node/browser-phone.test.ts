import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, chromiumMissing, launchChromium, PHONE, ROOT, startDev, type DevServer } from "./browser-harness.ts";

// Issue 17: the demo page on a phone (390 x 844 CSS pixels) in headless
// Chromium against `wrangler dev`: nothing wider than the screen, face labels
// inside the photo, a legend for the bar strip under each label, and the clip
// chart agreeing with the frame counter. Screenshots: test-results/browser/.
const SAMPLE1 = join(ROOT, "test/fixtures/s1-progressive.jpg"); // three faces, one near the right edge
const CAMERA = join(ROOT, "test/fixtures/clip-faces.mjpeg");

const skip = chromiumMissing();
let server: DevServer;
let browser: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (skip) return;
  server = await startDev("browser-phone-test-state");
  browser = await launchChromium(CAMERA, PHONE);
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Rect = { left: number; top: number; right: number; bottom: number };

/** Elements that reach past the right edge of the screen (the page scrolls sideways then). */
function overflowing(p: Page): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
  // Against the phone's width, not innerWidth: a mobile browser widens its layout viewport to fit wide content.
  return p.evaluate((screen: number) => {
    const doc = (globalThis as any).document;
    const wide: string[] = [];
    for (const el of doc.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > screen + 0.5) wide.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: doc.documentElement.scrollWidth, innerWidth: (globalThis as any).innerWidth, wide };
  }, PHONE.viewport.width);
}

describe.skipIf(skip)("demo page on a phone", () => {
  it("keeps the page and every face label inside the screen and the photo, with a legend for the bar strips", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector("body[data-ready]");
    expect(await overflowing(page)).toMatchObject({ wide: [] });
    await page.setInputFiles("#photo-input", SAMPLE1);
    await page.waitForSelector(".face-card", { timeout: 120_000 });
    await page.waitForSelector("#photo-stage[data-labels-fitted='3']"); // labels are placed once the photo is laid out
    await page.screenshot({ path: join(ARTEFACTS, "demo-phone-photo.png"), fullPage: true });

    // The labels are refitted by a ResizeObserver whenever the layout around the photo changes (the face cards
    // arriving below it): measure once the page has settled, i.e. when two readings a frame apart agree.
    let o = await overflowing(page);
    for (let i = 0; i < 20; i++) {
      await page.waitForFunction(() => new Promise((r) => (globalThis as any).requestAnimationFrame(() => (globalThis as any).requestAnimationFrame(() => r(true)))));
      const again = await overflowing(page);
      if (JSON.stringify(again) === JSON.stringify(o)) break;
      o = again;
    }
    expect(o.wide).toEqual([]);
    expect(o.scrollWidth).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(o.innerWidth).toBe(PHONE.viewport.width);
    const photo = (await page.locator("#photo-stage img").boundingBox())!;
    const inPhoto = (r: { x: number; y: number; width: number; height: number }) =>
      r.x >= photo.x - 1 && r.y >= photo.y - 1 && r.x + r.width <= photo.x + photo.width + 1 && r.y + r.height <= photo.y + photo.height + 1;
    const tags = page.locator("#photo-stage .face-tag");
    expect(await tags.count()).toBe(3);
    const boxes = [];
    for (const tag of await tags.all()) {
      const box = (await tag.boundingBox())!;
      expect(inPhoto(box), `label at ${JSON.stringify(box)} outside the photo ${JSON.stringify(photo)}`).toBe(true);
      const text = (await tag.locator(".emotion-label").boundingBox())!;
      expect(text.width).toBeGreaterThan(10); // still readable, not squeezed to nothing
      boxes.push(box);
    }
    // Room enough in this photo for the three labels not to cover one another.
    const overlap = (a: Rect, b: Rect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const rects = boxes.map((b) => ({ left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height }));
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i], rects[j]), `labels ${i + 1} and ${j + 1} overlap`).toBe(false);

    // The strip under each label: one bar per class, in the legend's order and colours.
    const legend = await page.$$eval("#photo-legend li", (lis: any[]) => lis.map((li) => ({ label: li.dataset.label, color: li.querySelector("i").style.background })));
    expect(legend.length).toBeGreaterThanOrEqual(7);
    expect(await page.locator("#photo-legend").textContent()).toMatch(/bars under each label/i);
    for (const tag of await tags.all()) {
      const strip = await tag.locator(".bars.compact .bar").evaluateAll((bars: any[]) => bars.map((b) => ({ label: b.dataset.label, color: b.querySelector("i").style.background })));
      expect(strip).toEqual(legend);
    }
  });

  it("streams the fake camera: the chart has exactly as many points as the counter says frames had a face", async () => {
    await page.click("#camera-start");
    // A function, not a string: the page's CSP (no 'unsafe-eval') refuses evaluating strings.
    await page.waitForFunction(() => Number((globalThis as any).document.querySelector("#clip-chart").dataset.points) >= 4, null, { timeout: 180_000, polling: 250 });
    // Read both in one task of the page, so no frame lands between the two reads.
    for (let i = 0; i < 3; i++) {
      const s = await page.evaluate(() => {
        const doc = (globalThis as any).document;
        const counts = doc.querySelector("#clip-counts");
        return {
          points: Number(doc.querySelector("#clip-chart").dataset.points),
          withFaces: Number(counts.dataset.framesWithFaces),
          received: Number(counts.dataset.framesReceived),
          counts: counts.textContent,
          status: doc.querySelector("#clip-status").textContent,
        };
      });
      expect(s.points).toBe(s.withFaces);
      expect(s.counts).toContain(`${s.withFaces} of ${s.received} frames had a face`);
      expect(s.status).toContain(`frame ${s.received}`);
      await page.waitForTimeout(1500);
    }
    const o = await overflowing(page);
    expect(o.wide).toEqual([]);
    await page.screenshot({ path: join(ARTEFACTS, "demo-phone-clip.png"), fullPage: true });
    await page.click("#clip-stop");
    expect(pageErrors).toEqual([]);
  });
});
