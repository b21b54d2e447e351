/**
 * How every repo tool that calls the API takes its key: the `faceflare` CLI's
 * rule (client/src/cli/api-key.ts: --key, else --key-file, else
 * FACEFLARE_KEY; both flags together are a usage error), so a key set up
 * once works for all of them. Added here: the tools' option spec and help.
 */
import { API_KEY_ENV } from "../client/src/cli/api-key.ts";

export { API_KEY_ENV, ApiKeyUsageError, resolveApiKey, type ApiKeyChoice } from "../client/src/cli/api-key.ts";

/** For node:util parseArgs `options`. */
export const API_KEY_OPTIONS = { key: { type: "string" }, "key-file": { type: "string" } } as const;

export const API_KEY_HELP = `  --key-file <path>     file holding the API key (one line)
  --key <key>           the API key itself (visible to other users of the machine: prefer
                        --key-file or the ${API_KEY_ENV} environment variable)
                        Without either, the key is read from ${API_KEY_ENV}.`;

/** `Authorization` header for the key, if there is one. */
export const authorizationHeader = (key: string | undefined): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
