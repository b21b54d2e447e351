import { hmacSha256 } from "../core/crypto.ts";
import { toHex } from "../core/bytes.ts";

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const WEBHOOK_SIGNATURE_HEADER = "faceflare-signature";

export async function webhookSignature(secret: string, timestamp: number, body: string): Promise<string> {
  return `t=${timestamp},v1=${toHex(await hmacSha256(secret, `${timestamp}.${body}`))}`;
}

/** POSTs the signed notice; true on a 2xx answer. */
export async function deliverWebhook(
  target: WebhookTarget,
  payload: unknown,
  now: number,
  fetcher: typeof fetch = fetch,
): Promise<boolean> {
  const body = JSON.stringify(payload);
  try {
    const res = await fetcher(target.url, {
      method: "POST",
      headers: { "content-type": "application/json", [WEBHOOK_SIGNATURE_HEADER]: await webhookSignature(target.secret, now, body) },
      body,
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
