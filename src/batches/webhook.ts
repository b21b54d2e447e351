import { Webhook } from "standardwebhooks";
import { toBase64 } from "../core/bytes.ts";
import { randomBytes, randomHex } from "../core/crypto.ts";
import { checkWebhookUrl, type WebhookUrlPolicy } from "./webhook-url.ts";

/**
 * Batch notices, signed the Standard Webhooks way (standardwebhooks.com):
 * headers `webhook-id`, `webhook-timestamp` (unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`,
 * with the secret given as `whsec_<base64 key>`, so a receiver verifies
 * with any Standard Webhooks library. Signed by that library itself.
 */
export interface WebhookTarget {
  url: string;
  /** `whsec_` + base64 of 24 to 64 bytes. */
  secret: string;
}

export const WEBHOOK_SECRET_RE = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;
/** Seconds a delivery may take before it counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

export const newWebhookSecret = () => `whsec_${toBase64(randomBytes(32))}`;
export const newWebhookId = () => `msg_${randomHex()}`;

/** True for a secret the signer (and a receiver's library) can use: `whsec_` and 24 to 64 bytes of base64. */
export function isWebhookSecret(s: string): boolean {
  if (!WEBHOOK_SECRET_RE.test(s)) return false;
  try {
    const n = atob(s.slice(6)).length;
    return n >= 24 && n <= 64;
  } catch {
    return false;
  }
}

export interface WebhookMessage {
  id: string;
  type: string;
  data: unknown;
}

/** The body and headers of one delivery. */
export function signedWebhook(secret: string, msg: WebhookMessage, now: Date): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ type: msg.type, timestamp: now.toISOString(), data: msg.data });
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "Faceflare-Webhooks/1",
      "webhook-id": msg.id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(msg.id, now, body),
    },
  };
}

/**
 * POSTs one signed notice; true only on a 2xx. Redirects are not followed
 * (a 3xx is a failure), the call is cut after `timeoutMs`, and the URL is
 * checked again under the rules in force now. The answer's body is never read.
 */
export async function deliverWebhook(
  target: WebhookTarget,
  msg: WebhookMessage,
  now: Date,
  policy: WebhookUrlPolicy,
  fetcher: typeof fetch = fetch,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<boolean> {
  const checked = checkWebhookUrl(target.url, policy);
  if (!checked.ok) return false;
  const { body, headers } = signedWebhook(target.secret, msg, now);
  try {
    const res = await fetcher(checked.url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => {});
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}
