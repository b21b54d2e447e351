/**
 * The network a client is counted as when it asks for demo keys: one IPv4
 * address, or one IPv6 /64 (what a single subscriber, host or VM is
 * routinely given: counting full IPv6 addresses would hand it 2^64 budgets).
 * An address is parsed, not compared as text, so every spelling of it
 * (compressed, upper case, leading zeros, a dotted-quad tail) is the same
 * client, and IPv6 forms that carry an IPv4 address (IPv4-mapped
 * `::ffff:a.b.c.d`, the NAT64 prefix `64:ff9b::/96`, 6to4 `2002:AABB:CCDD::/48`)
 * count as that IPv4 address. Text that is no address at all shares one
 * bucket, so garbage cannot mint a fresh budget per spelling either.
 */

export const UNKNOWN_NETWORK = "unknown";

/** `ipv4:a.b.c.d`, `ipv6:xxxx:xxxx:xxxx:xxxx::/64` (canonical lowercase), or UNKNOWN_NETWORK. */
export function clientNetwork(address: string | null | undefined): string {
  const text = (address ?? "").trim();
  const v4 = parseIpv4(text);
  if (v4) return ipv4Network(v4);
  const v6 = parseIpv6(text);
  if (!v6) return UNKNOWN_NETWORK;
  const embedded = embeddedIpv4(v6);
  if (embedded) return ipv4Network(embedded);
  return `ipv6:${v6.slice(0, 4).map((h) => h.toString(16)).join(":")}::/64`;
}

const ipv4Network = (b: number[]) => `ipv4:${b.join(".")}`;

/** Four decimal octets 0..255 without leading zeros (`010` reads as octal in some parsers); null otherwise. */
export function parseIpv4(s: string): number[] | null {
  const m = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/.exec(s);
  if (!m) return null;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/**
 * Eight 16-bit groups of an RFC 4291 text address (one `::` at most, 1 to 4
 * hex digits a group, an optional dotted-quad tail); a zone id (`%eth0`) is
 * dropped. Null for anything else.
 */
export function parseIpv6(s: string): number[] | null {
  if (s.length > 64) return null;
  let text = s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1) : s;
  text = text.replace(/%[0-9A-Za-z._~-]+$/, "");
  let tail: number[] = [];
  const dotted = /^(.*:)([\d.]*\.[\d.]*)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]);
    if (!v4) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    text = dotted[1].endsWith("::") ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (![...head, ...rest].every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const zeros = new Array<number>(8 - known).fill(0);
  const hex = (g: string) => parseInt(g, 16);
  return [...head.map(hex), ...(halves.length === 2 ? zeros : []), ...rest.map(hex), ...tail];
}

/** The IPv4 address an IPv6 address stands for, if it is one of the forms that carry one. */
function embeddedIpv4(g: number[]): number[] | null {
  const bytes = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return bytes(g[6], g[7]); // ::ffff:a.b.c.d (IPv4-mapped)
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return bytes(g[6], g[7]); // 64:ff9b::a.b.c.d (NAT64)
  if (g[0] === 0x2002) return bytes(g[1], g[2]); // 2002:aabb:ccdd::/48 (6to4)
  return null;
}
