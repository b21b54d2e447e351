import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FaceflareError } from "../../src/core/errors.ts";
import { readMultipart, type MultipartLimits } from "../../src/http/body.ts";

// The multipart intake (src/http/body.ts) on bodies the platform's own
// FormData encoder writes, and on hostile ones: whatever arrives, the answer
// is the form that was sent or a FaceflareError (400/413), never anything else.
const LIMITS = { maxParts: 8, maxFileBytes: 4096, maxTotalBytes: 16 * 1024, maxFieldBytes: 512 } satisfies MultipartLimits;

async function encode(form: FormData): Promise<Request> {
  const res = new Response(form);
  return new Request("http://x/", { method: "POST", headers: { "content-type": res.headers.get("content-type")! }, body: await res.arrayBuffer() });
}

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);
const part = fc.oneof(
  fc.record({ kind: fc.constant("field" as const), name, value: fc.string({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant("file" as const), name, bytes: fc.uint8Array({ maxLength: 600 }) }),
);

describe("readMultipart", () => {
  it("returns every field and file, in order, of a form within the limits", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: LIMITS.maxParts }), async (parts) => {
        const form = new FormData();
        for (const p of parts) {
          if (p.kind === "field") form.append(p.name, p.value);
          else form.append(p.name, new Blob([p.bytes as Uint8Array<ArrayBuffer>]), "f.bin");
        }
        if (parts.length === 0) form.append("x", ""); // an empty form has no body to read
        const got = await readMultipart(await encode(form), LIMITS);
        for (const p of parts) {
          if (p.kind === "field") expect(got.fields.get(p.name)).toContain(p.value.replace(/\r\n|\r|\n/g, "\r\n"));
          else expect(got.files.get(p.name)?.some((b) => b.length === p.bytes.length && b.every((x, i) => x === p.bytes[i]))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("refuses more parts than allowed with 400, however small they are", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: LIMITS.maxParts + 1, max: 200 }), async (n) => {
        const form = new FormData();
        for (let i = 0; i < n; i++) form.append("f", "1");
        const err = await readMultipart(await encode(form), LIMITS).catch((e) => e);
        expect(err).toBeInstanceOf(FaceflareError);
        expect(err.code).toBe("bad_request");
      }),
      { numRuns: 20 },
    );
  });

  it("refuses a file, a field or a whole body over its cap with 413", async () => {
    const big = new FormData();
    big.append("image", new Blob([new Uint8Array(LIMITS.maxFileBytes + 1)]), "a.jpg");
    const field = new FormData();
    field.append("tasks", "x".repeat(LIMITS.maxFieldBytes + 1));
    const total = new FormData();
    for (let i = 0; i < 5; i++) total.append("image", new Blob([new Uint8Array(LIMITS.maxFileBytes)]), "a.jpg");
    for (const form of [big, field, total]) {
      const err = await readMultipart(await encode(form), LIMITS).catch((e) => e);
      expect(err).toBeInstanceOf(FaceflareError);
      expect(err.code).toBe("too_large");
    }
  });

  it("answers arbitrary bytes with a form or a FaceflareError, never another error", async () => {
    const boundary = "b0undary";
    const pieces = fc.constantFrom(`--${boundary}\r\n`, `--${boundary}--\r\n`, "\r\n", 'Content-Disposition: form-data; name="a"', '; filename="x"', "Content-Type: image/jpeg", "\r\n\r\n", "data", "--", "\n", ":");
    const body = fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((p) => new TextEncoder().encode(p.join("")));
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(`multipart/form-data; boundary=${boundary}`, "multipart/form-data", "multipart/form-data; boundary="), async (bytes, type) => {
        const req = new Request("http://x/", { method: "POST", headers: { "content-type": type }, body: bytes });
        const out = await readMultipart(req, LIMITS).catch((e) => e);
        if (out instanceof Error) expect(out).toBeInstanceOf(FaceflareError);
      }),
      { numRuns: 300 },
    );
  });
});
