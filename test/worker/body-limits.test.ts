import { env, exports as workerExports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { authHeaders } from "./helpers/auth.ts";
import { seedManifest, type SeedEnv } from "./helpers/seed-models.ts";

// Every route that takes a body refuses an oversize one before buffering it:
// on its declared length, and while streaming when none is declared. Each body
// here is generated lazily and counts what the Worker pulled, so "refused
// before buffering" is measured in bytes read, not in time.
const BASE = "http://x";
const MiB = 1024 * 1024;
const worker = () => (workerExports as unknown as { default: Fetcher }).default;

/** A lazily generated body of `total` bytes (`chunk` repeated), counting the bytes the reader pulled. */
function lazyBody(total: number, chunk: Uint8Array, prefix = new Uint8Array(0), suffix = new Uint8Array(0)) {
  const counter = { pulled: 0 };
  let sent = 0;
  let stage = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let next: Uint8Array | undefined;
        if (stage === 0) {
          stage = 1;
          next = prefix;
        } else if (sent < total) {
          next = chunk.subarray(0, Math.min(chunk.length, total - sent));
          sent += next.length;
        } else if (stage === 1) {
          stage = 2;
          next = suffix;
        }
        if (!next) return controller.close();
        counter.pulled += next.length;
        controller.enqueue(next);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter, length: prefix.length + total + suffix.length };
}

async function send(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>, method = "POST") {
  return worker().fetch(`${BASE}${path}`, { method, body, headers: { ...(await authHeaders()), ...headers } });
}

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(await res.json()).toMatchObject({ status, code });
}

/** A declared length the route refuses at once: a FixedLengthStream carries it as Content-Length. */
function declared(length: number) {
  const fixed = new FixedLengthStream(length);
  const counter = { pulled: 0 };
  const writer = fixed.writable.getWriter();
  const chunk = new Uint8Array(MiB);
  // Writes as fast as the reader takes; stops when the stream is cancelled.
  void (async () => {
    try {
      for (let sent = 0; sent < length; sent += chunk.length) {
        await writer.write(chunk.subarray(0, Math.min(chunk.length, length - sent)));
        counter.pulled += Math.min(chunk.length, length - sent);
      }
      await writer.close();
    } catch {
      // cancelled by the refusal
    }
  })();
  return { stream: fixed.readable, counter };
}

// A clip takes the manifest's default emotion model at creation: the manifest alone, no model files.
beforeAll(() => seedManifest(env as unknown as SeedEnv));

async function newClip(): Promise<string> {
  const res = await worker().fetch(`${BASE}/v1/clips`, { method: "POST", headers: { ...(await authHeaders()), "content-type": "application/json" }, body: "{}" });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("oversize bodies are refused before they are buffered", () => {
  it("a 150 MB raw clip frame streamed without a length: 413 after at most the image limit", async () => {
    const id = await newClip();
    const body = lazyBody(150 * MiB, new Uint8Array(MiB).fill(0xff), new Uint8Array([0xff, 0xd8, 0xff]));
    await expectProblem(await send(`/v1/clips/${id}/frames?index=0`, body.stream, { "content-type": "image/jpeg" }), 413, "too_large");
    expect(body.counter.pulled).toBeLessThan(24 * MiB);
  });

  it("a 150 MB raw clip frame with its Content-Length: 413 without reading it", async () => {
    const id = await newClip();
    const body = declared(150 * MiB);
    await expectProblem(await send(`/v1/clips/${id}/frames?index=0`, body.stream, { "content-type": "image/jpeg" }), 413, "too_large");
    expect(body.counter.pulled).toBeLessThan(4 * MiB);
  });

  it("100 MB of JSON to POST /v1/clips: 413 after a few KiB", async () => {
    const pad = new TextEncoder().encode(" ".repeat(64 * 1024));
    const body = lazyBody(100 * MiB, pad, new TextEncoder().encode('{"mode":"single"'), new TextEncoder().encode("}"));
    await expectProblem(await send("/v1/clips", body.stream, { "content-type": "application/json" }), 413, "too_large");
    expect(body.counter.pulled).toBeLessThan(MiB);
  });

  it("50 MB of JSON to POST /v1/batches: 413 after at most the batch cap", async () => {
    const key = new TextEncoder().encode(`"uploads/${"0".repeat(32)}/0000",`);
    const many = new Uint8Array(key.length * 1000);
    for (let i = 0; i < 1000; i++) many.set(key, i * key.length);
    const body = lazyBody(50 * MiB, many, new TextEncoder().encode('{"keys":['), new TextEncoder().encode('""]}'));
    await expectProblem(await send("/v1/batches", body.stream, { "content-type": "application/json" }), 413, "too_large");
    expect(body.counter.pulled).toBeLessThan(2 * MiB);
  });

  it("JSON with a declared length over the cap: 413 without reading it", async () => {
    const body = declared(50 * MiB);
    await expectProblem(await send("/v1/uploads", body.stream, { "content-type": "application/json" }), 413, "too_large");
    expect(body.counter.pulled).toBeLessThan(4 * MiB);
  });
});

describe("multipart bodies are read part by part, with bounded counts", () => {
  const boundary = "faceflareboundary";
  const field = (name: string, value: string) => new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const end = new TextEncoder().encode(`--${boundary}--\r\n`);
  const multipart = { "content-type": `multipart/form-data; boundary=${boundary}` };

  it("300,000 fields to POST /v1/analyze (under the size cap): 400 after the first few parts", async () => {
    const one = field("a", "");
    const body = lazyBody(300_000 * one.length, new Uint8Array(Array.from({ length: 1000 }, () => [...one]).flat()), new Uint8Array(0), end);
    await expectProblem(await send("/v1/analyze", body.stream, multipart), 400, "bad_request");
    expect(body.counter.pulled).toBeLessThan(MiB);
  });

  it("300,000 index fields to POST /v1/clips/{id}/frames: 400 after the first few parts", async () => {
    const id = await newClip();
    const one = field("index", "1");
    const body = lazyBody(300_000 * one.length, new Uint8Array(Array.from({ length: 1000 }, () => [...one]).flat()), new Uint8Array(0), end);
    // The frames-per-request problem (issue 17): the part count stands for the frame count.
    await expectProblem(await send(`/v1/clips/${id}/frames`, body.stream, multipart), 400, "bad_options");
    expect(body.counter.pulled).toBeLessThan(MiB);
  });

  it("one oversize frame in a multipart body: 413 before the rest is read", async () => {
    const id = await newClip();
    const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="frame"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const body = lazyBody(150 * MiB, new Uint8Array(MiB).fill(7), head, end);
    await expectProblem(await send(`/v1/clips/${id}/frames`, body.stream, multipart), 413, "too_large");
    expect(body.counter.pulled).toBeLessThan(24 * MiB);
  });

  it("still takes a well-formed multipart body after the refusals", async () => {
    const form = new FormData();
    form.append("tasks", "age");
    const res = await worker().fetch(`${BASE}/v1/analyze`, { method: "POST", headers: await authHeaders(), body: form });
    await expectProblem(res, 400, "bad_request"); // no image field: read and judged, not refused for size
  });
});
