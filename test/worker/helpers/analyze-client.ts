import { exports } from "cloudflare:workers";
import { authHeaders } from "./auth.ts";

/** POST /v1/analyze through the Worker's own fetch handler. */
export async function analyze(body: BodyInit | Uint8Array<ArrayBuffer>, query = "", headers: Record<string, string> = { "content-type": "image/jpeg" }) {
  const res = await exports.default.fetch(`http://faceflare.test/v1/analyze${query}`, { method: "POST", body, headers: { ...(await authHeaders()), ...headers } });
  const json = (await res.json()) as any;
  return { res, json };
}

export interface BoxJson {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const centre = (b: BoxJson) => [b.x + b.width / 2, b.y + b.height / 2];
