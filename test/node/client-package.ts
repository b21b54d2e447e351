import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The client package (client/) as a user gets it: built, packed with
 * `npm pack`, and installed into an empty project. The install is offline
 * (`--offline`): the package's runtime dependencies are packed from the
 * repository's own node_modules (present after `npm ci` on any machine), so
 * neither the registry nor a warm npm cache is needed.
 */
const ROOT = join(import.meta.dirname, "../..");
const CLIENT = join(ROOT, "client");

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" } });

type Manifest = { name: string; version: string; dependencies?: Record<string, string> };
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

/** `npm pack` of client/ into `dest` (built first: the repository's .npmrc turns lifecycle scripts off); returns the tarball's path. */
export function packClient(dest: string): string {
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(CLIENT, "tsconfig.json")], { stdio: "pipe" });
  const name = npm(["pack", "--ignore-scripts", "--pack-destination", dest], CLIENT).trim().split("\n").pop()!;
  return join(dest, name);
}

/** Tarballs of the package's runtime dependencies and theirs, packed from the repository's node_modules. */
export function dependencyTarballs(dest: string): string[] {
  const seen = new Set<string>();
  const todo = Object.keys(manifestOf(CLIENT).dependencies ?? {}).map((name) => ({ name, from: ROOT }));
  const out: string[] = [];
  while (todo.length) {
    const { name, from } = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    // Node's lookup: nested under the package that needs it, else hoisted to the top.
    const dir = [join(from, "node_modules", name), join(ROOT, "node_modules", name)].find((d) => existsSync(join(d, "package.json")));
    if (!dir) throw new Error(`${name} is not installed: run npm ci`);
    todo.push(...Object.keys(manifestOf(dir).dependencies ?? {}).map((n) => ({ name: n, from: dir })));
    out.push(join(dest, npm(["pack", "--ignore-scripts", "--pack-destination", dest, dir], dest).trim().split("\n").pop()!));
  }
  return out;
}

/** An empty project at `dir` with the packed client installed (offline); returns the path of its `faceflare` bin. */
export function installPackedClient(dir: string): { bin: string; tarball: string } {
  const tarballs = join(dir, "tarballs");
  const project = join(dir, "project");
  mkdirSync(tarballs, { recursive: true });
  mkdirSync(project, { recursive: true });
  const tarball = packClient(tarballs);
  const deps = dependencyTarballs(tarballs);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "empty-project", private: true, type: "module" }));
  npm(["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", tarball, ...deps], project);
  return { bin: join(project, "node_modules/.bin/faceflare"), tarball };
}
