/// <reference types="vite/client" />
/**
 * Hostile images through the real route in workerd: a problem 4xx, never a
 * 5xx or a stalled isolate; CMYK photos analysed like any other. The decoder's
 * own bounds are tested in test/node/image-hostile.test.ts and fuzzed in
 * test/node/image-fuzz.test.ts.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import cmykUrl from "../fixtures/cmyk-adobe.jpg?inline";
import cmykSourceUrl from "../fixtures/cmyk-source.jpg?inline";
import ycckUrl from "../fixtures/cmyk-ycck.jpg?inline";
import decoyUrl from "../fixtures/hostile/decoy-sof.jpg?inline";
import bombUrl from "../fixtures/hostile/scan-bomb.jpg?inline";
import s1 from "../fixtures/demo/sample1.jpg?inline";
import { analyze, type BoxJson, centre } from "./helpers/analyze-client.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";
import { fromDataUrl } from "./image-helpers.ts";

beforeAll(async () => {
  await seedModels(env as unknown as SeedEnv);
  await analyze(fromDataUrl(s1), "?tasks=gender"); // warm: the times below are the hostile request's own
});

async function expectProblem(body: Uint8Array<ArrayBuffer>, status: number, code: string) {
  const t0 = Date.now();
  const { res, json } = await analyze(body, "?tasks=gender");
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(json).toMatchObject({ status, code });
  return Date.now() - t0;
}

describe("POST /v1/analyze with hostile JPEGs", () => {
  it("a 16x16 SOF decoy hiding a 7000x7000 frame: 422, in well under a second", async () => {
    expect(await expectProblem(fromDataUrl(decoyUrl), 422, "corrupt_image")).toBeLessThan(1000);
  });

  it("5000 end-of-band scans after a 12 MP progressive photo: 413, in seconds rather than a stalled isolate", async () => {
    expect(await expectProblem(fromDataUrl(bombUrl), 413, "too_large")).toBeLessThan(10_000);
  });

  it("CMYK and YCCK photos are analysed like their RGB original", async () => {
    const rgb = await analyze(fromDataUrl(cmykSourceUrl), "?tasks=gender");
    expect(rgb.res.status).toBe(200);
    expect(rgb.json.faces.length).toBe(2);
    for (const url of [cmykUrl, ycckUrl]) {
      const { res, json } = await analyze(fromDataUrl(url), "?tasks=gender");
      expect(res.status).toBe(200);
      expect(json.faces.length).toBe(rgb.json.faces.length);
      json.faces.forEach((f: { box: BoxJson }, i: number) => {
        const [x, y] = centre(f.box), [rx, ry] = centre(rgb.json.faces[i].box);
        expect(Math.hypot(x - rx, y - ry)).toBeLessThan(3); // same faces, in the same places
      });
    }
  });

  it("keeps serving after them", async () => {
    const { res, json } = await analyze(fromDataUrl(s1), "?tasks=gender");
    expect(res.status).toBe(200);
    expect(json.faces).toHaveLength(3);
  });
});
