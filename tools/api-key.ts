import { readFileSync, statSync } from "node:fs";

/**
 * How every repo tool that calls the API takes its key — the rule the
 * `faceflare` CLI follows too, so a key set up once works for all of them:
 *
 *   1. `--key KEY`         (visible in `ps` and shell history: prefer the others)
 *   2. `--key-file PATH`   (the file's one line; e.g. a file only you can read)
 *   3. `FACEFLARE_KEY`     (environment variable)
 *
 * The first one given wins; `--key` together with `--key-file` is a usage
 * error (which one was meant?). No key at all is allowed (a deployment
 * without access control); the API then answers 401 with its own reason.
 */
export const API_KEY_ENV = "FACEFLARE_KEY";

/** For node:util parseArgs `options`. */
export const API_KEY_OPTIONS = { key: { type: "string" }, "key-file": { type: "string" } } as const;

export const API_KEY_HELP = `  --key-file <path>     file holding the API key (one line)
  --key <key>           the API key itself (visible to other users of the machine: prefer
                        --key-file or the ${API_KEY_ENV} environment variable)
                        Without either, the key is read from ${API_KEY_ENV}.`;

export class ApiKeyUsageError extends Error {}

const MAX_KEY_FILE_BYTES = 4096;

export interface ApiKeyChoice {
  key: string | undefined;
  source: "--key" | "--key-file" | typeof API_KEY_ENV | "none";
}

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

/** `Authorization` header for the key, if there is one. */
export const authorizationHeader = (key: string | undefined): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
