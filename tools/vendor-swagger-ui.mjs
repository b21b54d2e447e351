#!/usr/bin/env node
/**
 * `npm run vendor:swagger-ui [-- <version>]`: copies the two files the /docs
 * page loads (swagger-ui-bundle.js, swagger-ui.css) and the licence of the
 * swagger-ui-dist npm package into public/vendor/swagger-ui/, committed and
 * served as plain static assets (no link into node_modules, no CDN), and
 * records package, version and each file's sha256 in VENDORED.json
 * (test/node/vendored-assets.test.ts checks the files against it).
 * The package comes from the npm registry with `npm pack`, which checks its
 * integrity; it is not a dependency of any install.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = "swagger-ui-dist";
const VERSION = process.argv[2] ?? "5.35.0";
const FILES = ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"];
const DEST = join(dirname(fileURLToPath(import.meta.url)), "../public/vendor/swagger-ui");

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", shell: process.platform === "win32" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr || r.error}`);
  return r.stdout;
}

const work = mkdtempSync(join(tmpdir(), "faceflare-vendor-"));
try {
  const [packed] = JSON.parse(run("npm", ["pack", `${PACKAGE}@${VERSION}`, "--json", "--pack-destination", work], work));
  run("tar", ["-xzf", join(work, packed.filename), "-C", work, ...FILES.map((f) => `package/${f}`)], work);
  rmSync(DEST, { recursive: true, force: true });
  mkdirSync(DEST, { recursive: true });
  const files = {};
  for (const f of FILES) {
    copyFileSync(join(work, "package", f), join(DEST, f));
    files[f] = createHash("sha256").update(readFileSync(join(DEST, f))).digest("hex");
  }
  const record = { package: PACKAGE, version: packed.version, integrity: packed.integrity, license: "Apache-2.0", files };
  writeFileSync(join(DEST, "VENDORED.json"), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`vendored ${PACKAGE}@${packed.version} into public/vendor/swagger-ui/: ${FILES.join(", ")}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
