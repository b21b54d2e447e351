/**
 * HTTP/1.1 on a bare socket, for the abusive clients of the load test: what
 * fetch will not send. A request whose headers declare a body that never
 * comes (header-only), or a body streamed until the server answers. Returns
 * the status the server answered with (0 if the connection closed or was
 * reset before an answer arrived: a server that answers early and closes
 * while the client still sends may reset the connection, and the answer with
 * it).
 */
import { connect } from "node:net";

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Bytes to send after the headers, in chunks, until the server answers; none for header-only. */
  body?: { chunk: Uint8Array; times: number; chunked?: boolean };
  /** Give up after this long (ms). */
  timeoutMs?: number;
}

export interface RawAnswer {
  status: number;
  /** The answer's Content-Type ("" without one, or without an answer). */
  contentType: string;
  sentBytes: number;
  ms: number;
}

export function rawRequest(r: RawRequest): Promise<RawAnswer> {
  const u = new URL(r.url);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    let answered = false;
    let sent = 0;
    let text = "";
    const finish = (status: number, contentType = "") => {
      if (answered) return;
      answered = true;
      socket.destroy();
      resolve({ status, contentType, sentBytes: sent, ms: performance.now() - t0 });
    };
    const timer = setTimeout(() => finish(0), r.timeoutMs ?? 30_000);
    socket.on("data", (d) => {
      text += d.toString("latin1");
      // The head is enough: the rest of the answer does not matter here.
      const end = text.indexOf("\r\n\r\n");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (m && end >= 0) {
        clearTimeout(timer);
        finish(Number(m[1]), /^content-type:\s*([^\r]*)/im.exec(text.slice(0, end))?.[1].trim() ?? "");
      }
    });
    socket.on("error", () => (clearTimeout(timer), finish(0)));
    socket.on("close", () => (clearTimeout(timer), finish(/^HTTP\/1\.[01] (\d{3})/.exec(text) ? Number(text.slice(9, 12)) : 0)));
    socket.on("connect", async () => {
      const head = [`${r.method} ${u.pathname}${u.search} HTTP/1.1`, `host: ${u.host}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
      socket.write(head);
      const b = r.body;
      if (!b) return; // header-only: the body never comes
      for (let i = 0; i < b.times && !answered; i++) {
        const frame = b.chunked ? Buffer.concat([Buffer.from(`${b.chunk.length.toString(16)}\r\n`), b.chunk, Buffer.from("\r\n")]) : b.chunk;
        const flushed = socket.write(frame);
        sent += b.chunk.length;
        if (!flushed) await new Promise((ok) => socket.once("drain", ok));
      }
      if (b.chunked && !answered) socket.write("0\r\n\r\n");
    });
  });
}
