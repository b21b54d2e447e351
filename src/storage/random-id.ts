/** Lowercase hex of `bytes` random bytes (16 bytes = 128 bits, the default). */
export function randomHex(bytes = 16): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buf, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function isRandomHex(s: string, bytes = 16): boolean {
  return s.length === bytes * 2 && /^[0-9a-f]+$/.test(s);
}
