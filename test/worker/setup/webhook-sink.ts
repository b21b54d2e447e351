import { Response } from "miniflare";

/**
 * Test-only stand-in for the internet (vitest.config.ts): every outbound
 * fetch of the Worker lands here (`outboundService`). Requests to
 * https://hooks.faceflare.test/<path> are recorded and answered by path:
 * `/ok...` 204, `/fail...` 500, `/redirect...` 302 to `/redirected`,
 * `/slow...` after 8 s; anything else 502 (there is no network in tests).
 * Worker tests read what arrived through the WEBHOOK_SINK service binding:
 * GET http://sink/<path> -> JSON array of { method, headers, body }.
 */
export const SINK_HOST = "hooks.faceflare.test";

interface Received {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
const received = new Map<string, Received[]>();

export async function webhookOutbound(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== SINK_HOST) return new Response("no network in tests", { status: 502 });
  const entry: Received = { method: request.method, url: request.url, headers: Object.fromEntries([...(request.headers as unknown as Iterable<[string, string]>)]), body: await request.text() };
  received.set(url.pathname, [...(received.get(url.pathname) ?? []), entry]);
  if (url.pathname.startsWith("/ok")) return new Response(null, { status: 204 });
  if (url.pathname.startsWith("/redirect")) return new Response(null, { status: 302, headers: { location: `https://${SINK_HOST}/redirected` } });
  if (url.pathname.startsWith("/slow")) await new Promise((r) => setTimeout(r, 8_000));
  return new Response("failing on purpose", { status: 500 });
}

export async function webhookSink(request: { url: string }): Promise<Response> {
  const path = new URL(request.url).pathname;
  return new Response(JSON.stringify(received.get(path) ?? []), { headers: { "content-type": "application/json" } });
}
