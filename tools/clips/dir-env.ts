/**
 * A Node stand-in for the Worker's Env so tools can call the same pipeline
 * code: MODELS reads files under a directory (key = relative path), CACHE is
 * an in-memory map. Only the read paths the pipeline uses are implemented.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Env } from "../../src/env.ts";

function objectOf(key: string, bytes: Uint8Array) {
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return {
    key, size: bytes.byteLength, etag: String(bytes.byteLength), httpEtag: `"${bytes.byteLength}"`, uploaded: new Date(0),
    body: new Blob([buf]).stream(),
    arrayBuffer: async () => buf.slice(0),
    bytes: async () => new Uint8Array(buf.slice(0)),
    text: async () => new TextDecoder().decode(bytes),
    json: async () => JSON.parse(new TextDecoder().decode(bytes)),
  };
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

export function dirBucket(root: string) {
  const path = (key: string) => join(root, ...key.split("/"));
  return {
    async get(key: string) {
      const p = path(key);
      return existsSync(p) && statSync(p).isFile() ? objectOf(key, readFileSync(p)) : null;
    },
    async head(key: string) {
      const p = path(key);
      return existsSync(p) ? { key, size: statSync(p).size, etag: String(statSync(p).size) } : null;
    },
    async list(options: { prefix?: string } = {}) {
      const keys = walk(root).map((f) => relative(root, f).split(sep).join("/"));
      return { objects: keys.filter((k) => k.startsWith(options.prefix ?? "")).map((key) => ({ key })), truncated: false, delimitedPrefixes: [] };
    },
  };
}

function memoryKv() {
  const m = new Map<string, string>();
  return {
    async get(key: string, type?: string) {
      const v = m.get(key);
      return v === undefined ? null : type === "json" ? JSON.parse(v) : v;
    },
    async put(key: string, value: string) { m.set(key, value); },
    async delete(key: string) { m.delete(key); },
  };
}

export function dirEnv(modelsDir: string): Env {
  return { MODELS: dirBucket(modelsDir), CACHE: memoryKv() } as unknown as Env;
}
