import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CorruptJpegError, decodeJpeg } from "../../src/image/jpeg/decoder.ts";
import { BitReader, buildHuffman } from "../../src/image/jpeg/huffman.ts";
import { blockQuant, idct2, idct4, idct8, scaledBasis } from "../../src/image/jpeg/idct.ts";
import { ZIGZAG } from "../../src/image/jpeg/tables.ts";

/** The averaged IDCT straight from its definition (T.81 A.3.3, then s x s means), unrounded. */
function reference(nat: number[], n: number): number[] {
  const a = scaledBasis(n);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 128;
      for (let u = 0; u < 8; u++) for (let v = 0; v < 8; v++) s += a[i * 8 + u] * a[j * 8 + v] * nat[u * 8 + v];
      out.push(s);
    }
  }
  return out;
}

describe("IDCT kernels", () => {
  it("match the direct averaged-basis formula at every output size", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const q = new Int32Array(64).fill(1);
    for (let t = 0; t < 300; t++) {
      const nat = Array.from({ length: 64 }, (_, i) => (rand() < 0.3 ? Math.round((rand() - 0.5) * 40 / (1 + i / 8)) : 0));
      for (const [n, idct] of [[8, idct8], [4, idct4], [2, idct2]] as const) {
        const qz = blockQuant(q, n);
        const blk = new Float64Array(64);
        for (let z = 0; z < 64; z++) blk[ZIGZAG[z]] = nat[ZIGZAG[z]] * qz[z];
        const out = new Float64Array(n * n); // unrounded capture instead of a clamped plane
        idct(blk, out as unknown as Uint8ClampedArray, 0, n, new Float64Array(64));
        const want = reference(nat, n);
        for (let i = 0; i < n * n; i++) expect(Math.abs(out[i] - want[i]), `n=${n}`).toBeLessThan(1e-3);
      }
    }
  });

  it("weights make a dequantized DC the block mean at every size", () => {
    const q = new Int32Array(64).fill(16);
    for (const n of [8, 4, 2, 1]) expect(blockQuant(q, n)[0] * 10).toBeCloseTo((10 * 16) / 8, 9);
  });
});

describe("Huffman fast AC look-up", () => {
  it("resolves code and magnitude together, and agrees with the slow path", () => {
    // Codes: 0x01 (run 0, size 1) -> "0"; 0x12 (run 1, size 2) -> "10"; 0x00 EOB -> "110".
    const counts = new Uint8Array(16);
    counts[0] = 1; counts[1] = 1; counts[2] = 1;
    const t = buildHuffman(counts, new Uint8Array([0x01, 0x12, 0x00]), true);
    // "0" + magnitude "1" => +1; "10" + "01" => run 1, value -2; then EOB "110".
    const bits = "0" + "1" + "10" + "01" + "110";
    const bytes = new Uint8Array(4);
    for (let i = 0; i < bits.length; i++) if (bits[i] === "1") bytes[i >> 3] |= 0x80 >> (i & 7);
    const r = new BitReader(bytes, 0);
    r.fill();
    const first = t.fastAc[(r.acc >>> (r.bits - 9)) & 511];
    expect([first >> 8, (first >> 4) & 15, first & 15]).toEqual([1, 0, 2]);
    r.bits -= first & 15;
    const second = t.fastAc[(r.acc >>> (r.bits - 9)) & 511];
    expect([second >> 8, (second >> 4) & 15, second & 15]).toEqual([-2, 1, 4]);
    r.bits -= second & 15;
    expect(t.fastAc[(r.acc >>> (r.bits - 9)) & 511]).toBe(0); // EOB has no magnitude: slow path
    expect(r.decode(t)).toBe(0x00);
  });
});

describe("truncated files", () => {
  it("are refused at every scale, baseline and progressive, never returned grey", () => {
    for (const file of ["test/fixtures/demo/sample1.jpg", "test/fixtures/s1-progressive.jpg", "test/fixtures/s4-gray-restart.jpg"]) {
      const bytes = new Uint8Array(readFileSync(file));
      for (const cut of [0.3, 0.6, 0.95]) {
        const part = bytes.subarray(0, Math.floor(bytes.length * cut));
        for (const s of [1, 2, 4, 8] as const) expect(() => decodeJpeg(part, s), `${file} ${cut} 1/${s}`).toThrow(CorruptJpegError);
      }
    }
  });
});
