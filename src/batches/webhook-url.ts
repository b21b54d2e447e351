/**
 * Which webhook URLs a batch may call. A Worker cannot resolve DNS itself,
 * so what is checked is the URL as `fetch` will read it (WHATWG parsing, the
 * same parser fetch uses, which folds `2130706433`, `0x7f.1` and `0177.1`
 * into `127.0.0.1`):
 *
 * - `https` only. Plain `http` (and loopback hosts) only where the Worker
 *   is told it runs locally (WEBHOOK_ALLOW_HTTP_LOOPBACK, set by
 *   `npm run dev`), and then only to loopback.
 * - no IP literal of any form (v4 in any notation, v6 in brackets), so no
 *   loopback, private, link-local (169.254.169.254) or unspecified (0.0.0.0)
 *   address can be named directly;
 * - no single-label host (`localhost`, `metadata`, an intranet name) and no
 *   name under a suffix that only means something inside a network
 *   (`.localhost`, `.local`, `.internal`, `.lan`, `.home.arpa`, ...);
 * - no credentials in the URL.
 *
 * Not checked: a public name whose DNS points at a private address. On
 * Cloudflare that reaches nothing of ours: a Worker's subrequest leaves from
 * Cloudflare's edge onto the public internet, where private ranges do not
 * route, and there is no metadata service. Self-hosting workerd or exposing
 * `wrangler dev` needs an egress filter for that case.
 */
export const WEBHOOK_URL_MAX = 2048;

const INTERNAL_SUFFIXES = ["localhost", "local", "localdomain", "internal", "intranet", "lan", "home.arpa", "arpa", "onion"];
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export interface WebhookUrlPolicy {
  /** Local development: plain http, and loopback hosts, are allowed. */
  allowLoopbackHttp: boolean;
}

export const webhookPolicy = (env: { WEBHOOK_ALLOW_HTTP_LOOPBACK?: string }): WebhookUrlPolicy => ({
  allowLoopbackHttp: ["1", "true"].includes(env.WEBHOOK_ALLOW_HTTP_LOOPBACK ?? ""),
});

/** Looks like an address rather than a name: all-numeric (any base) last label, or an IPv6 literal. */
function isIpLiteral(host: string): boolean {
  if (host.startsWith("[")) return true;
  const last = host.split(".").pop() ?? "";
  return /^(0x[0-9a-f]*|[0-9]+)$/i.test(last);
}

export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  if (raw.length > WEBHOOK_URL_MAX) return { ok: false, reason: `longer than ${WEBHOOK_URL_MAX} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL are not allowed" };
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const local = policy.allowLoopbackHttp && LOOPBACK_HOSTS.has(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return { ok: false, reason: "must be an https URL" };
  if (local) return { ok: true, url: url.href };
  if (!host) return { ok: false, reason: "has no host" };
  if (isIpLiteral(host)) return { ok: false, reason: "must name a host, not an IP address" };
  if (!host.includes(".")) return { ok: false, reason: "must be a fully qualified public host name" };
  if (INTERNAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) return { ok: false, reason: "must be a public host name" };
  return { ok: true, url: url.href };
}
