import { toHex } from "./bytes.ts";

/** WebCrypto helpers, so the same in workerd and Node. */
const encoder = new TextEncoder();

/** SHA-256 as lowercase hex; strings are UTF-8 encoded. */
export async function sha256Hex(data: Uint8Array | BufferSource | string): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource)));
}

/** `n` random bytes. */
export const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** Lowercase hex of `bytes` random bytes (16 bytes = 128 bits, the default). */
export const randomHex = (bytes = 16): string => toHex(randomBytes(bytes));

export function isRandomHex(s: string, bytes = 16): boolean {
  return s.length === bytes * 2 && /^[0-9a-f]+$/.test(s);
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message)));
}

/** Constant-time check: WebCrypto's HMAC verify compares the MACs without early exit. */
export async function hmacVerify(secret: string, message: string, mac: Uint8Array<ArrayBuffer>): Promise<boolean> {
  if (mac.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret), mac, encoder.encode(message));
}
