import { expect, it } from "vitest";
import { decodeJpeg } from "../../src/image/jpeg/decoder.ts";
import { photonDecode } from "../../src/image/photon.ts";
import sample1Url from "../../node_modules/@vladmandic/face-api/demo/sample1.jpg?inline";
import big12Url from "../fixtures/photo-12mp.jpg?inline";
import progUrl from "../fixtures/s1-progressive.jpg?inline";
import { fromDataUrl } from "./image-helpers.ts";

it("timing (temporary)", () => {
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
  const lines: string[] = [];
  for (const [name, url, s] of [["sample1", sample1Url, 1], ["s1-progressive", progUrl, 1], ["photo-12mp", big12Url, 2]] as const) {
    const b = fromDataUrl(url);
    const time = (f: () => unknown) => { const t = performance.now(); f(); return performance.now() - t; };
    const oursCold = time(() => decodeJpeg(b, s as 1));
    const photonCold = s === 1 ? time(() => photonDecode(b)) : NaN;
    const ours: number[] = [], ph: number[] = [];
    for (let i = 0; i < 7; i++) { ours.push(time(() => decodeJpeg(b, s as 1))); if (s === 1) ph.push(time(() => photonDecode(b))); }
    lines.push(`${name} 1/${s}: ours cold ${oursCold.toFixed(0)} warm ${med(ours).toFixed(0)} | photon cold ${photonCold.toFixed(0)} warm ${s === 1 ? med(ph).toFixed(0) : "-"}`);
  }
  console.log(lines.join("\n"));
  expect(lines.length).toBe(3);
});
