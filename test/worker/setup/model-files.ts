import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Response } from "miniflare";

/**
 * Node-side service binding MODEL_FILES (declared in vitest.config.ts) that
 * lets worker tests read model files from disk: workerd has no file system,
 * and tests cannot see `wrangler dev --local` R2. A Node function binding
 * reads lazily, so even large real models cost nothing until a test asks.
 *
 *   GET http://files/<root>/[<dir>/]    -> JSON array of every file key under it (relative)
 *   GET http://files/<root>/<key>       -> the file's bytes (404 if absent)
 *
 * Roots: `models` (the repo's models/), `fixtures` (written by
 * test/worker/setup/global-setup.ts under .wrangler/test-fixtures/) and
 * `node_modules` (dependencies' wasm, see wasm-from-binding.ts).
 */
export const FIXTURES_DIR = resolve(".wrangler/test-fixtures");
const ROOTS: Record<string, string> = { models: resolve("models"), fixtures: FIXTURES_DIR, node_modules: resolve("node_modules") };

function listFiles(dir: string, base = dir): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (name.startsWith(".")) return [];
    return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path).split("\\").join("/")];
  });
}

export async function serveModelFiles(request: { url: string }): Promise<Response> {
  const path = decodeURIComponent(new URL(request.url).pathname).replace(/^\/+/, "");
  const [root, ...rest] = path.split("/");
  const dir = ROOTS[root];
  if (!dir) return new Response(`unknown root ${root}`, { status: 404 });
  const key = rest.join("/");
  const file = resolve(dir, key);
  if (file !== dir && !file.startsWith(dir + "/")) return new Response("outside root", { status: 400 });
  if (key === "" || key.endsWith("/")) return Response.json(listFiles(file));
  try {
    return new Response(readFileSync(file));
  } catch {
    return new Response(`no file ${root}/${key}`, { status: 404 });
  }
}
