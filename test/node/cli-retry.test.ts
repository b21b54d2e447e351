import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionError, fetchRetry } from "../../client/src/cli/http.ts";
import { uploadOne } from "../../client/src/cli/uploader.ts";

// The CLI's transient-failure handling against a scripted local server.
let server: Server;
let base: string;
let script: number[] = [];
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits++;
      const status = script.shift() ?? 200;
      if (status === 0) return req.socket.destroy(); // a dropped connection
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const fast = { attempts: 5, baseMs: 1 };

describe("CLI retries", () => {
  it("retries 5xx and dropped connections, then returns the answer", async () => {
    script = [503, 0, 502, 200];
    hits = 0;
    const res = await fetchRetry(`${base}/x`, () => ({}), fast);
    expect(res.status).toBe(200);
    expect(hits).toBe(4);
  });

  it("does not retry a client error", async () => {
    script = [415];
    hits = 0;
    expect((await fetchRetry(`${base}/x`, () => ({}), fast)).status).toBe(415);
    expect(hits).toBe(1);
  });

  it("gives up after the last attempt", async () => {
    script = [500, 500, 500, 500, 500];
    await expect(fetchRetry(`${base}/x`, () => ({}), fast)).rejects.toThrow(/500/);
  });

  it("tells a server that cannot be reached (exit code 3) from one that answers", async () => {
    const err = await fetchRetry("http://127.0.0.1:9/x", () => ({}), fast).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain("127.0.0.1:9");
  });

  it("counts a 409 after its own lost attempt as uploaded, but not a first-try 409", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ff-retry-"));
    writeFileSync(join(dir, "a.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    try {
      script = [0, 409];
      expect(await uploadOne(dir, "a.jpg", { key: "k", url: `${base}/put` })).toEqual({ file: "a.jpg", key: "k" });
      script = [409];
      expect(await uploadOne(dir, "a.jpg", { key: "k", url: `${base}/put` })).toMatchObject({ file: "a.jpg", permanent: true, error: { status: 409 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
