import { toHex } from "./hex.ts";

/** Lowercase hex of `bytes` random bytes (16 bytes = 128 bits, the default). */
export function randomHex(bytes = 16): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function isRandomHex(s: string, bytes = 16): boolean {
  return s.length === bytes * 2 && /^[0-9a-f]+$/.test(s);
}
