import fc from "fast-check";
import { isIP } from "node:net";
import { describe, expect, it } from "vitest";
import { clientNetwork, parseIpv6, UNKNOWN_NETWORK } from "../../src/auth/client-network.ts";

// Demo keys are counted per IPv4 address or IPv6 /64 (issue 12 point 8):
// every spelling of an address must land in the same bucket, and different
// networks in different ones. Properties over random addresses, checked
// against Node's own parser where it has one.
const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 1000), seed: Number(process.env.FUZZ_SEED ?? 12) };
const hextet = fc.integer({ min: 0, max: 0xffff });
const groups8 = fc.array(hextet, { minLength: 8, maxLength: 8 });
const octets = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });

/** One of the many ways to write the eight groups `g` as text. */
const spelling = (g: number[]) =>
  fc.record({ upper: fc.boolean(), pad: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }), cut: fc.option(fc.tuple(fc.nat(7), fc.nat(8))), dotted: fc.boolean() }).map(({ upper, pad, cut, dotted }) => {
    let parts = g.map((x, i) => x.toString(16).padStart(Math.min(4, x.toString(16).length + pad[i]), "0"));
    let tail = "";
    if (dotted) {
      tail = [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff].join(".");
      parts = parts.slice(0, 6);
    }
    let text = parts.join(":") + (dotted ? `:${tail}` : "");
    // Compress a run of zero groups (any run, not only the longest: both are valid to read).
    if (cut) {
      const [start, len] = cut;
      const end = Math.min(parts.length, start + len);
      if (start < parts.length && end > start && g.slice(start, end).every((x) => x === 0)) {
        const left = parts.slice(0, start).join(":");
        const right = parts.slice(end).join(":");
        text = `${left}::${right}${dotted ? (right ? ":" : "") + tail : ""}`;
      }
    }
    return upper ? text.toUpperCase() : text;
  });

const net64 = (g: number[]) => `ipv6:${g.slice(0, 4).map((x) => x.toString(16)).join(":")}::/64`;
const carriesIpv4 = (g: number[]) => (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) || (g[0] === 0x64 && g[1] === 0xff9b) || g[0] === 0x2002;

describe("client networks for demo keys", () => {
  it("every spelling of an IPv6 address is its /64 (and Node reads each spelling as valid IPv6)", () => {
    fc.assert(
      fc.property(groups8.filter((g) => !carriesIpv4(g)).chain((g) => fc.tuple(fc.constant(g), spelling(g))), ([g, text]) => {
        expect(isIP(text)).toBe(6);
        expect(parseIpv6(text)).toEqual(g);
        expect(clientNetwork(text)).toBe(net64(g));
      }),
      runs,
    );
  });

  it("addresses in one /64 share a network; addresses in different /64s do not", () => {
    fc.assert(
      fc.property(groups8, groups8, (a, b) => {
        fc.pre(!carriesIpv4(a) && !carriesIpv4(b));
        const text = (g: number[]) => g.map((x) => x.toString(16)).join(":");
        const same64 = [...a.slice(0, 4), ...b.slice(4)];
        expect(clientNetwork(text(same64))).toBe(clientNetwork(text(a)));
        const differ = a.slice(0, 4).some((x, i) => x !== b[i]);
        expect(clientNetwork(text(a)) === clientNetwork(text(b))).toBe(!differ);
      }),
      runs,
    );
  });

  it("an IPv4 address and its IPv4-mapped, NAT64 and 6to4 IPv6 forms are one client", () => {
    fc.assert(
      fc.property(octets, fc.boolean(), (o, upper) => {
        const v4 = o.join(".");
        const hi = ((o[0] << 8) | o[1]).toString(16);
        const lo = ((o[2] << 8) | o[3]).toString(16);
        const forms = [`::ffff:${v4}`, `::ffff:${hi}:${lo}`, `0:0:0:0:0:ffff:${v4}`, `0000:0000:0000:0000:0000:ffff:${hi}:${lo}`, `64:ff9b::${v4}`, `64:ff9b::${hi}:${lo}`, `2002:${hi}:${lo}::1`, `2002:${hi}:${lo}:ffff::`];
        for (const f of forms) {
          const text = upper ? f.toUpperCase() : f;
          expect(isIP(text), text).toBe(6);
          expect(clientNetwork(text), text).toBe(`ipv4:${v4}`);
        }
        expect(clientNetwork(v4)).toBe(`ipv4:${v4}`);
      }),
      runs,
    );
  });

  it("never throws; text Node does not read as an IP address falls into the one shared bucket", () => {
    const near = fc.stringMatching(/^[0-9a-fA-F:.%\[\] ]{0,48}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), near), (s) => {
        const n = clientNetwork(s);
        const kind = isIP(s.trim());
        if (kind === 0 && !/^\[.*\]$/.test(s.trim())) expect(n).toBe(UNKNOWN_NETWORK);
        if (kind === 4) expect(n).toMatch(/^ipv4:/);
        if (kind === 6) expect(n).not.toBe(UNKNOWN_NETWORK);
      }),
      runs,
    );
    for (const s of ["", "local", "1.2.3", "1.2.3.256", "01.2.3.4", "::ffff:1.2.3.04", "1.2.3.4.", "1::2::3", "12345::", "::ffff:1.2.3.4.5", ":::", "1:2:3:4:5:6:7:8:9", "g::1"]) expect(clientNetwork(s), s).toBe(UNKNOWN_NETWORK);
    expect(clientNetwork(null)).toBe(UNKNOWN_NETWORK);
    expect(clientNetwork("fe80::1%eth0")).toBe("ipv6:fe80:0:0:0::/64");
  });
});
