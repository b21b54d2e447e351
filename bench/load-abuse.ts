/**
 * The load test's abusive client (issue 12): requests an attacker with one
 * key, or only an upload URL, would send, each with the answer it must get.
 * Bodies larger than any cap (declared, or streamed without a length),
 * floods of JSON and multipart parts, header-only PUTs declaring 20 MiB to a
 * slot already used, real PUTs to it, URLs of a revoked key, non-canonical
 * signatures, more face work than a request may ask for. None may answer 5xx, none may cost the slot owner's quota.
 */
import { rawRequest, type RawAnswer } from "./load-raw-http.ts";

/** A 5xx the Worker made (a problem document), not wrangler dev's proxy losing a connection the Worker closed early. */
export const workerFailed = (a: Pick<AbuseSample, "status" | "contentType">) => a.status >= 500 && /problem\+json/.test(a.contentType);

/** Refused as it must be, or the answer lost on the way (status 0, or a 5xx that is not the Worker's). */
export const refusedOrLost = (a: AbuseSample) => a.expected.includes(a.status) || (!workerFailed(a) && (a.status === 0 || a.status >= 500));

export interface AbuseTargets {
  url: string;
  /** The attacker's own key. */
  key: string;
  /** An upload URL whose slot is already used (another key's). */
  usedSlotUrl: string;
  /** An unused upload URL of a key that was revoked before the run. */
  revokedSlotUrl: string;
  /** An unused upload URL of the victim, to spell non-canonically. */
  spareSlotUrl: string;
  photo: Uint8Array;
  /** A photo of many faces (bench/crowd-photo.ts). */
  crowd: Uint8Array;
}

export type AbuseKind =
  | "oversize-declared"
  | "oversize-streamed"
  | "json-declared"
  | "json-streamed"
  | "multipart-flood"
  | "header-only-put"
  | "used-slot-put"
  | "revoked-key-put"
  | "noncanonical-put"
  | "face-work";

export interface AbuseSample {
  kind: AbuseKind;
  status: number;
  /** Content-Type of the answer: the Worker's refusals are application/problem+json. */
  contentType: string;
  ms: number;
  /** Body bytes the client got to send before the answer. */
  sentBytes: number;
  expected: number[];
}

const MiB = 1024 * 1024;
const zeros = (n: number) => new Uint8Array(n);

/** The answer each kind must get (a refusal, never a 5xx). */
export const EXPECTED: Record<AbuseKind, number[]> = {
  "oversize-declared": [413],
  "oversize-streamed": [413],
  "json-declared": [413],
  "json-streamed": [413],
  "multipart-flood": [400, 413],
  "header-only-put": [409],
  "used-slot-put": [409],
  "revoked-key-put": [403],
  "noncanonical-put": [403],
  "face-work": [400],
};

export const ABUSE_KINDS = Object.keys(EXPECTED) as AbuseKind[];

function multipartFlood(fields: number): { boundary: string; chunk: Uint8Array } {
  const boundary = "abuse0123456789";
  const part = `--${boundary}\r\ncontent-disposition: form-data; name="f"\r\n\r\nx\r\n`;
  return { boundary, chunk: new TextEncoder().encode(part.repeat(fields)) };
}

export async function sendAbuse(kind: AbuseKind, t: AbuseTargets): Promise<AbuseSample> {
  const auth = { authorization: `Bearer ${t.key}` };
  const put = (url: string, headers: Record<string, string>, body?: Uint8Array) =>
    rawRequest({ method: "PUT", url, headers: { "content-type": "image/jpeg", ...headers }, ...(body ? { body: { chunk: body, times: 1 } } : {}) });
  let r: RawAnswer;
  switch (kind) {
    case "oversize-declared":
      r = await rawRequest({ method: "POST", url: `${t.url}/v1/analyze`, headers: { ...auth, "content-type": "image/jpeg", "content-length": String(150 * MiB) } });
      break;
    case "oversize-streamed":
      // No length: the cap must stop it while it streams (64 KiB chunks, 40 MiB offered).
      r = await rawRequest({ method: "POST", url: `${t.url}/v1/analyze`, headers: { ...auth, "content-type": "image/jpeg", "transfer-encoding": "chunked" }, body: { chunk: zeros(64 * 1024), times: 640, chunked: true } });
      break;
    case "json-declared":
      r = await rawRequest({ method: "POST", url: `${t.url}/v1/clips`, headers: { ...auth, "content-type": "application/json", "content-length": String(100 * MiB) } });
      break;
    case "json-streamed":
      r = await rawRequest({ method: "POST", url: `${t.url}/v1/batches`, headers: { ...auth, "content-type": "application/json", "transfer-encoding": "chunked" }, body: { chunk: new TextEncoder().encode(" ".repeat(64 * 1024)), times: 800, chunked: true } });
      break;
    case "multipart-flood": {
      // 300,000 one-byte fields offered, 10,000 a chunk.
      const { boundary, chunk } = multipartFlood(10_000);
      r = await rawRequest({ method: "POST", url: `${t.url}/v1/analyze`, headers: { ...auth, "content-type": `multipart/form-data; boundary=${boundary}`, "transfer-encoding": "chunked" }, body: { chunk, times: 30, chunked: true } });
      break;
    }
    case "header-only-put":
      r = await put(t.usedSlotUrl, { "content-length": String(20 * MiB) });
      break;
    case "used-slot-put":
      r = await put(t.usedSlotUrl, { "content-length": String(t.photo.length) }, t.photo);
      break;
    case "revoked-key-put":
      r = await put(t.revokedSlotUrl, { "content-length": String(t.photo.length) }, t.photo);
      break;
    case "noncanonical-put": {
      const u = new URL(t.spareSlotUrl);
      u.searchParams.set("expires", `+${u.searchParams.get("expires")}`);
      r = await put(u.toString(), { "content-length": String(t.photo.length) }, t.photo);
      break;
    }
    case "face-work":
      r = await rawRequest({
        method: "POST",
        url: `${t.url}/v1/analyze?tasks=emotion,age,gender,ethnicity,features&maxFaces=100`,
        headers: { ...auth, "content-type": "image/jpeg", "cache-control": "no-cache", "content-length": String(t.crowd.length) },
        body: { chunk: t.crowd, times: 1 },
      });
      break;
  }
  return { kind, ...r, expected: EXPECTED[kind] };
}
