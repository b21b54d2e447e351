import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { deliverWebhook, isWebhookSecret, newWebhookSecret, signedWebhook } from "../../src/batches/webhook.ts";
import { checkWebhookUrl } from "../../src/batches/webhook-url.ts";
import { fromBase64Url } from "../../src/core/bytes.ts";
import { provisionKey } from "./helpers/auth.ts";
import { env, postJson, progressOf, upload, waitForBatch, webhooksAt, type Headers_ } from "./helpers/batch-api.ts";
import { SAMPLE_PHOTOS } from "./helpers/sample-photos.ts";
import { seedModels, type SeedEnv } from "./helpers/seed-models.ts";

// Issue 12 point 7: webhook URLs cannot reach internal addresses, deliveries
// follow no redirect and are cut short, the batch status is no port oracle,
// and notices are signed the Standard Webhooks way (checked against the
// `standardwebhooks` library and the specification's own test vector).
const PROD = { allowLoopbackHttp: false };
const DEV = { allowLoopbackHttp: true };

const INTERNAL = [
  "http://127.0.0.1:8787/hook",
  "https://127.0.0.1/hook",
  "https://2130706433/hook", // decimal 127.0.0.1
  "https://0x7f000001/hook", // hex
  "https://0177.0.0.1/hook", // octal
  "https://0x7f.1/hook",
  "https://127.1/hook",
  "https://0.0.0.0/hook",
  "https://0/hook",
  "https://169.254.169.254/latest/meta-data/",
  "https://10.0.0.1/hook",
  "https://192.168.1.1/hook",
  "https://[::1]/hook",
  "https://[::ffff:127.0.0.1]/hook",
  "https://[fd00::1]/hook",
  "https://localhost/hook",
  "https://LOCALHOST./hook",
  "https://api.localhost/hook",
  "https://metadata/computeMetadata/v1/",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://printer.local/hook",
  "https://router.lan/hook",
  "https://1.0.0.127.in-addr.arpa/hook",
];
const NOT_HTTPS = ["http://hooks.example.com/x", "ftp://hooks.example.com/x", "javascript:alert(1)", "file:///etc/passwd", "not a url", ""];

describe("webhook URL rules", () => {
  it("refuses loopback, private, link-local and metadata targets in every notation, and anything but https", () => {
    for (const url of [...INTERNAL, ...NOT_HTTPS, "https://user:pw@hooks.example.com/x", `https://hooks.example.com/${"a".repeat(2100)}`]) {
      expect(checkWebhookUrl(url, PROD), url).toMatchObject({ ok: false });
    }
  });

  it("accepts https URLs of public host names, any port", () => {
    for (const url of ["https://hooks.example.com/batch", "https://hooks.example.com:8443/batch?x=1", "https://xn--bcher-kva.example/x"]) {
      expect(checkWebhookUrl(url, PROD), url).toMatchObject({ ok: true });
    }
  });

  it("allows plain http to loopback only in local development, and nothing else more", () => {
    for (const url of ["http://127.0.0.1:9000/hook", "http://localhost:3000/hook", "http://[::1]:3000/hook"]) {
      expect(checkWebhookUrl(url, DEV), url).toMatchObject({ ok: true });
      expect(checkWebhookUrl(url, PROD), url).toMatchObject({ ok: false });
    }
    for (const url of ["http://hooks.example.com/x", "https://10.0.0.1/x", "https://169.254.169.254/", "http://2130706434/"]) {
      expect(checkWebhookUrl(url, DEV), url).toMatchObject({ ok: false });
    }
  });
});

describe("webhook signatures (Standard Webhooks)", () => {
  it("matches the specification's test vector", () => {
    const signed = signedWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", { id: "msg_p5jXN8AQM9LWM0D4loKWxJek", type: "t", data: {} }, new Date(1614265330_000));
    // Our envelope differs from the vector's payload, so sign the vector's payload with the same signer.
    const sig = new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign("msg_p5jXN8AQM9LWM0D4loKWxJek", new Date(1614265330_000), '{"test": 2432232314}');
    expect(sig).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    expect(signed.headers).toMatchObject({ "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330" });
  });

  it("signs id.timestamp.body with the secret's key: a receiver verifies with the library, or by hand with WebCrypto", async () => {
    const secret = newWebhookSecret();
    expect(isWebhookSecret(secret)).toBe(true);
    let seen: Request | undefined;
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen = new Request(input, init);
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    const now = new Date();
    expect(await deliverWebhook({ url: "https://hooks.example.com/b", secret }, { id: "msg_1", type: "batch.completed", data: { n: 1 } }, now, PROD, fetcher)).toBe(true);
    const body = await seen!.text();
    const headers = Object.fromEntries([...(seen!.headers as unknown as Iterable<[string, string]>)]);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: "batch.completed", timestamp: now.toISOString(), data: { n: 1 } });
    const key = await crypto.subtle.importKey("raw", fromBase64Url(secret.slice(6).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""))!, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`msg_1.${headers["webhook-timestamp"]}.${body}`)));
    expect(headers["webhook-signature"]).toBe(`v1,${btoa(String.fromCharCode(...mac))}`);
    // Tampering is caught.
    expect(() => new Webhook(secret).verify(body.replace('"n":1', '"n":2'), headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("refuses secrets a receiver's library could not use", () => {
    for (const s of ["s".repeat(32), "whsec_", "whsec_short", `whsec_${"A".repeat(200)}`, "whsec_!!!!notbase64!!!!notbase64!!!!!!"]) expect(isWebhookSecret(s), s).toBe(false);
  });
});

describe("webhook delivery", () => {
  it("does not follow redirects", async () => {
    const target = { url: "https://hooks.faceflare.test/redirect-unit", secret: newWebhookSecret() };
    expect(await deliverWebhook(target, { id: "msg_r", type: "t", data: {} }, new Date(), PROD)).toBe(false);
    expect(await webhooksAt("/redirect-unit")).toHaveLength(1);
    expect(await webhooksAt("/redirected")).toHaveLength(0);
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    const hang = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)))) as typeof fetch;
    const started = Date.now();
    expect(await deliverWebhook({ url: "https://hooks.example.com/x", secret: newWebhookSecret() }, { id: "m", type: "t", data: {} }, new Date(), PROD, hang, 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("re-checks the URL at delivery time", async () => {
    let called = false;
    const fetcher = (async () => ((called = true), new Response(null, { status: 204 }))) as unknown as typeof fetch;
    expect(await deliverWebhook({ url: "https://169.254.169.254/", secret: newWebhookSecret() }, { id: "m", type: "t", data: {} }, new Date(), PROD, fetcher)).toBe(false);
    expect(called).toBe(false);
  });
});

describe("webhooks on POST /v1/batches", () => {
  let k: { id: string; headers: Headers_ };
  beforeAll(async () => {
    await seedModels(env as unknown as SeedEnv);
    k = await provisionKey("webhooks");
  });

  it("refuses internal and non-https webhook URLs with bad_options", async () => {
    const up = await upload(k.headers, [SAMPLE_PHOTOS[0]]);
    for (const url of [...INTERNAL.slice(0, 12), "http://hooks.example.com/x", "https://localhost/x"]) {
      const res = await postJson(k.headers, "/v1/batches", { keys: up.keys, webhook: { url } });
      expect(res.status, url).toBe(400);
      expect(await res.json()).toMatchObject({ code: "bad_options" });
    }
  });

  it("reports the same webhook status whether the receiver accepts, fails or redirects (no reachability oracle)", async () => {
    const paths = ["/ok-oracle", "/fail-oracle", "/redirect-oracle"];
    const statuses = [];
    for (const path of paths) {
      const up = await upload(k.headers, [SAMPLE_PHOTOS[1]]);
      const res = await postJson(k.headers, "/v1/batches", { keys: up.keys, options: { tasks: ["emotion"] }, webhook: { url: `https://hooks.faceflare.test${path}` } });
      expect(res.status).toBe(202);
      const created = (await res.json()) as { id: string; webhookSecret: string };
      expect(created.webhookSecret).toMatch(/^whsec_/);
      await waitForBatch(k.headers, created.id);
      // The notice goes out just after completion: wait until it was first sent.
      let status = await progressOf(k.headers, created.id);
      for (let i = 0; i < 100 && !status.webhook?.firstAttemptAt; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await progressOf(k.headers, created.id);
      }
      statuses.push(status.webhook);
      let got = await webhooksAt(path);
      for (let i = 0; i < 50 && !got.length; i++) {
        await new Promise((r) => setTimeout(r, 100));
        got = await webhooksAt(path);
      }
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(new Webhook(created.webhookSecret).verify(got[0].body, got[0].headers)).toMatchObject({ type: "batch.completed", data: { id: created.id } });
    }
    for (const s of statuses) {
      expect(Object.keys(s!).sort()).toEqual(["firstAttemptAt", "id"]);
      expect(s!.firstAttemptAt).toEqual(expect.any(String));
      expect(s!.id).toMatch(/^msg_/);
    }
  });
});
