import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { ROOT, startWranglerDev, type DevServer } from "./wrangler-dev.ts";

export { ROOT };

// `wrangler dev` (Node 22, local R2 seeded with models/) and Debian's
// headless Chromium for the demo page tests.
export const CHROMIUM = "/usr/bin/chromium";
export const ARTEFACTS = join(ROOT, "test-results/browser");
export type { DevServer };
/** `state`: the wrangler state dir under .wrangler/, one per test file (files run in parallel). */
export const startDev = (state = "browser-test-state") => startWranglerDev(join(ROOT, ".wrangler", state), { UPLOAD_SIGNING_SECRET: "browser-test-signing-secret-0123456789" });

/** A phone's screen (an iPhone 12-15 class device in CSS pixels), for layout tests. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/**
 * Headless Chromium with a fresh profile; `fakeCamera` is a .y4m or .mjpeg
 * file it plays as the webcam. The background-networking flags keep it
 * from calling out (this machine has no network but loopback).
 */
export async function launchChromium(fakeCamera: string, device: Partial<typeof PHONE> = { viewport: { width: 1280, height: 900 } }): Promise<BrowserContext> {
  mkdirSync(ARTEFACTS, { recursive: true });
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "faceflare-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    ...device,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${fakeCamera}`,
    ],
  });
}

/** In CI Chromium must be there (.ci/run installs it); elsewhere the tests skip without it. */
export function chromiumMissing(): boolean {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  console.warn(`[browser tests] skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return true;
}
