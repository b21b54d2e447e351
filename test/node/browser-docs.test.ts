import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTEFACTS, chromiumMissing, launchChromium, ROOT } from "./browser-harness.ts";
import { startWranglerDev, type DevServer } from "./wrangler-dev.ts";

// Swagger UI at /docs in headless Chromium against `wrangler dev`: "Use a
// demo key", then "Try it out" and "Execute" on every operation, as a user
// clicks them. Each answer must be one the OpenAPI document lists for that
// operation (a request Swagger UI could not even send, or a 400 caused by
// pre-filled placeholders, fails), and the ones that can succeed with the
// documented examples do: /v1/analyze with a photo as a raw body and as a
// multipart form. Screenshots: test-results/browser/.
const PHOTO = join(ROOT, "test/fixtures/demo/sample1.jpg");
const CAMERA = join(ROOT, "test/fixtures/clip-faces.mjpeg");
const PERSIST = join(ROOT, ".wrangler/browser-docs-test-state");
/** Operations whose documented examples succeed (the others are refused in a documented way: ids that do not exist, no uploads). */
const MUST_SUCCEED: Record<string, number> = { getHealth: 200, listModels: 200, createDemoKey: 201, createUploadSlots: 201, createClip: 201 };

const skip = chromiumMissing();
let server: DevServer;
let browser: BrowserContext;
let page: Page;
let doc: { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };
const pageErrors: string[] = [];

beforeAll(async () => {
  if (skip) return;
  server = await startWranglerDev(PERSIST, { UPLOAD_SIGNING_SECRET: "browser-docs-signing-secret-0123456789" });
  doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as typeof doc;
  browser = await launchChromium(CAMERA);
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/docs`);
  await page.waitForSelector(".opblock", { timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, id: op.operationId, statuses: Object.keys(op.responses) })));

/** The operation's block, expanded and in "Try it out" mode. */
async function openOperation(id: string): Promise<Locator> {
  const block = page.locator(`[id$="-${id}"].opblock`);
  await block.waitFor();
  if (!(await block.locator(".opblock-body").count())) await block.locator(".opblock-summary").first().click();
  const tryOut = block.locator("button.try-out__btn").first(); // "Try it out", then "Cancel" (and "Clear" after a run)
  await tryOut.waitFor();
  if ((await tryOut.textContent())?.trim() === "Try it out") await tryOut.click();
  return block;
}

/** Clicks Execute and returns the status Swagger UI shows for the live response (a number, or its text if none). */
async function execute(block: Locator): Promise<{ status: string; body: string }> {
  await block.locator("button.execute").click();
  const row = block.locator(".live-responses-table .response").first();
  await row.waitFor({ timeout: 120_000 });
  const status = (await row.locator(".response-col_status").textContent())?.trim() ?? "";
  const body = (await row.locator(".response-col_description").textContent()) ?? "";
  return { status, body };
}

/** Picks a request content type (the select above the body), if the operation has more than one. */
async function chooseContentType(block: Locator, type: string) {
  const select = block.locator(".opblock-section-request-body select");
  if (await select.count()) await select.first().selectOption(type);
}

describe.skipIf(skip)("Swagger UI's Try it out at /docs", () => {
  it("authorizes with a demo key", async () => {
    await page.click("#demo-key");
    await page.locator("#demo-key-status", { hasText: "Authorized" }).waitFor({ timeout: 30_000 });
  });

  it("sends /v1/analyze as multipart: the optional fields are not placeholders, the answer is 200 with faces", async () => {
    const block = await openOperation("analyzeImage");
    await chooseContentType(block, "multipart/form-data");
    for (const name of ["tasks", "maxFaces", "minFaceSize", "emotionModel", "ageTopL", "features"]) {
      const input = block.locator(`tr[data-property-name="${name}"] input, tr[data-property-name="${name}"] select`).first();
      const value = (await input.inputValue()).trim();
      expect(value, name).not.toBe("string");
      expect(value, name).not.toBe("0");
    }
    await block.locator('tr[data-property-name="image"] input[type=file]').setInputFiles(PHOTO);
    const { status, body } = await execute(block);
    expect(status, body.slice(0, 500)).toBe("200");
    expect(body).toContain('"faces"');
    expect(body).toContain('"emotion"');
    await page.screenshot({ path: join(ARTEFACTS, "docs-try-multipart.png"), fullPage: false });
  });

  it("sends /v1/analyze with the photo as the raw body: 200", async () => {
    const block = await openOperation("analyzeImage");
    await chooseContentType(block, "image/jpeg");
    await block.locator(".opblock-section-request-body input[type=file]").setInputFiles(PHOTO);
    const { status, body } = await execute(block);
    expect(status, body.slice(0, 500)).toBe("200");
    expect(body).toContain('"faces"');
  });

  it("executes every other operation and gets a documented answer", async () => {
    const results: string[] = [];
    for (const op of operations()) {
      if (op.id === "analyzeImage") continue;
      const t0 = Date.now();
      const block = await openOperation(op.id);
      const files = block.locator(".opblock-section-request-body input[type=file]");
      if (await files.count()) await files.first().setInputFiles(PHOTO);
      const { status, body } = await execute(block);
      await block.locator(".opblock-summary").first().click(); // collapse: Swagger UI re-renders every open block
      results.push(`${op.id} ${status} ${Date.now() - t0}ms`);
      expect(op.statuses, `${op.method} ${op.path} (${op.id}) answered ${status}: ${body.slice(0, 300)}`).toContain(status);
      if (MUST_SUCCEED[op.id]) expect(status, `${op.id}: ${body.slice(0, 300)}`).toBe(String(MUST_SUCCEED[op.id]));
    }
    console.log(results.join("\n"));
    expect(results.length).toBe(operations().length - 1);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(ARTEFACTS, "docs-try-all.png"), fullPage: false });
  });
});
