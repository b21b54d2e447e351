import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MIN_ID_PREFIX, pickByIdPrefix } from "../../src/auth/key-store.ts";

// Issue 12 point 9: `npm run keys -- revoke f` revoked a key by a
// one-character prefix. A key is picked by its full id or a unique prefix of
// at least 8 hex digits; anything else is refused with a reason.
const ROOT = join(import.meta.dirname, "../..");
const names = ["apikey:0123456789abcdef01234567" + "0".repeat(40), "apikey:0123456789abcdef99999999" + "1".repeat(40), "apikey:fedcba9876543210fedcba98" + "2".repeat(40)];

describe("picking a key by id prefix", () => {
  it("takes a full id or a unique prefix of 8 or more hex digits (any case)", () => {
    expect(MIN_ID_PREFIX).toBe(8);
    expect(pickByIdPrefix("fedcba9876543210fedcba98", names)).toEqual({ ok: true, name: names[2] });
    expect(pickByIdPrefix("fedcba98", names)).toEqual({ ok: true, name: names[2] });
    expect(pickByIdPrefix("FEDCBA98", names)).toEqual({ ok: true, name: names[2] });
    expect(pickByIdPrefix("0123456789abcdef0", names)).toEqual({ ok: true, name: names[0] });
  });

  it("refuses short, non-hex, ambiguous and unknown prefixes with a clear reason", () => {
    const reason = (p: string) => {
      const r = pickByIdPrefix(p, names);
      expect(r.ok, p).toBe(false);
      return (r as { reason: string }).reason;
    };
    for (const p of ["", "f", "fedcba9", "0123456"]) expect(reason(p)).toMatch(/too short.*at least 8/);
    for (const p of ["fedcba98 ", "fedcba9x", "apikey:fedcba98", "*", "fedcba98*"]) expect(reason(p)).toMatch(/not a key id/);
    expect(reason("0123456789abcdef")).toMatch(/start of 2 keys.*give more of the id/);
    expect(reason("aaaaaaaa")).toMatch(/No key/);
  });

  it("the CLI refuses `revoke f` before touching the store", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "tools/keys.ts"), "revoke", "f", "--persist-to", "/nonexistent/keys-test"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/"f" is too short: give the key's full id or at least 8 of its hex digits/);
  });
});
