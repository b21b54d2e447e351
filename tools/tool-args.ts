/**
 * Arguments of the repository's `npm run` tools, one way for all of them:
 * `--help` (or -h) prints the tool's usage and exits 0; an unknown option
 * or a bad value prints the problem and the usage and exits 2; any other
 * failure prints `tool: message` and exits 1, without a stack trace
 * (FACEFLARE_DEBUG=1 shows it).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Exit 2 with the problem and the usage (a bad flag value found after parsing). */
export function usageError(usage: string, message: string): never {
  process.stderr.write(`${message}\n\n${usage.trim()}\n`);
  process.exit(2);
}

/** Errors end the tool with `name: message` and exit code 1. */
export function exitOnError(name: string): void {
  const fail = (err: unknown) => {
    if (process.env.FACEFLARE_DEBUG) console.error(err);
    else console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}

export function toolArgs<const O extends Options>(name: string, usage: string, options: O, { allowPositionals = false } = {}) {
  exitOnError(name);
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${usage.trim()}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    return usageError(usage, (err as Error).message);
  }
}
