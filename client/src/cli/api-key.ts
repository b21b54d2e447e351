import { readFileSync, statSync } from "node:fs";

/**
 * How the `faceflare` CLI and every repository tool that calls the API take
 * the key (one rule, written once; tools/api-key.ts re-exports it):
 *
 *   1. `--key KEY`         (visible in `ps` and shell history: prefer the others)
 *   2. `--key-file PATH`   (the file's one line; e.g. a file only you can read)
 *   3. `FACEFLARE_KEY`     (environment variable)
 *
 * `--key` together with `--key-file` is a usage error (which one was meant?).
 * No key at all is allowed (a deployment without access control); the API
 * then answers 401 with its own reason.
 */
export const API_KEY_ENV = "FACEFLARE_KEY";

/** A key given wrongly: the caller reports it as a usage error. */
export class ApiKeyUsageError extends Error {}

export interface ApiKeyChoice {
  key: string | undefined;
  source: "--key" | "--key-file" | typeof API_KEY_ENV | "none";
}

/** A key file is one short line; anything larger is not one. */
const MAX_KEY_FILE_BYTES = 4096;

/** The key from parsed options (`key`, `key-file`) and the environment, by the rule above. */
export function resolveApiKey(values: { key?: string; "key-file"?: string }, env: Record<string, string | undefined> = process.env): ApiKeyChoice {
  if (values.key !== undefined && values["key-file"] !== undefined) throw new ApiKeyUsageError("give the API key with --key or --key-file, not both");
  if (values.key !== undefined) return { key: nonEmpty(values.key, "--key"), source: "--key" };
  if (values["key-file"] !== undefined) return { key: readKeyFile(values["key-file"]), source: "--key-file" };
  const fromEnv = env[API_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { key: fromEnv.trim(), source: API_KEY_ENV };
  return { key: undefined, source: "none" };
}

function readKeyFile(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new ApiKeyUsageError(`--key-file ${path}: ${(err as Error).message}`);
  }
  if (size > MAX_KEY_FILE_BYTES) throw new ApiKeyUsageError(`--key-file ${path}: ${size} bytes is not an API key file (one line expected)`);
  const lines = readFileSync(path, "utf8").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length !== 1) throw new ApiKeyUsageError(`--key-file ${path}: expected the key on one line, found ${lines.length} non-empty lines`);
  return lines[0];
}

function nonEmpty(key: string, from: string): string {
  if (key.trim() === "") throw new ApiKeyUsageError(`${from} is empty`);
  return key.trim();
}
