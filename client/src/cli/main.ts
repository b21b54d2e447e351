import { readFileSync } from "node:fs";
import { parseCli, USAGE } from "./args.ts";
import { runAnalyze, type RunSummary } from "./analyze.ts";
import { CliError, EXIT } from "./exit-codes.ts";
import { ConnectionError, HttpError } from "./http.ts";
import { ProblemError } from "../index.ts";

/** The package's version (package.json sits two levels above both src/cli and dist/cli). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

/** Exit code and message of any error a run can end with (never a stack trace). */
function failure(err: unknown): { code: number; message: string } {
  if (err instanceof CliError) return { code: err.exitCode, message: err.message };
  if (err instanceof ConnectionError) return { code: EXIT.connection, message: `cannot reach the API: ${err.message}` };
  if (err instanceof ProblemError) {
    const hint = err.status === 401 ? " (set FACEFLARE_KEY, or use --key-file)" : "";
    return { code: EXIT.failed, message: `the API refused the run: ${err.message}${hint}` };
  }
  if (err instanceof HttpError) return { code: EXIT.failed, message: `the API kept failing: ${err.message}` };
  return { code: EXIT.failed, message: err instanceof Error ? err.message : String(err) };
}

const MAX_LISTED = 20;

function report(summary: RunSummary, out: string | undefined): void {
  const failed = summary.lines.filter((l) => l.status === "failed");
  for (const l of failed.slice(0, MAX_LISTED)) process.stderr.write(`failed ${l.file}: ${l.error!.code}${l.error!.detail ? ` (${l.error!.detail})` : ""}\n`);
  if (failed.length > MAX_LISTED) process.stderr.write(`... and ${failed.length - MAX_LISTED} more failed (see the output)\n`);
  process.stderr.write(`faceflare: ${summary.done} of ${summary.files} images analysed, ${summary.failed} failed${out ? ` -> ${out}` : ""}\n`);
}

/** `faceflare <argv>`: returns the exit code (see exit-codes.ts). */
export async function main(argv: string[]): Promise<number> {
  try {
    const parsed = parseCli(argv);
    if (parsed.command === "help") {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (parsed.command === "version") {
      process.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    const summary = await runAnalyze(parsed.options);
    if (!parsed.options.quiet) report(summary, parsed.options.out);
    return summary.failed ? EXIT.someFailed : EXIT.ok;
  } catch (err) {
    const { code, message } = failure(err);
    process.stderr.write(`faceflare: ${message}\n`);
    return code;
  }
}
