import { parseArgs } from "node:util";
import { ApiKeyUsageError, resolveApiKey } from "./api-key.ts";
import { CliError, EXIT, EXIT_CODES_HELP } from "./exit-codes.ts";
import { IMAGE_EXTENSIONS } from "./files.ts";

export interface CliOptions {
  dir: string;
  /** Results file; undefined: standard output (no resume). */
  out?: string;
  format: "jsonl" | "csv";
  url: string;
  key?: string;
  tasks?: string[];
  concurrency: number;
  pollMs: number;
  quiet: boolean;
}

export const DEFAULT_URL = "http://127.0.0.1:8787";

export const USAGE = `Usage: faceflare analyze <folder> [--out <file>] [options]
       faceflare --help | --version

Uploads every image in <folder> (${IMAGE_EXTENSIONS}; recursive), runs one
batch over them and writes one result per image (JSON Lines) or one row per
face (CSV) to --out, or to standard output without --out.

Options:
  -o, --out <file>      results file; with it, an interrupted run resumes from
                        <file>.state.json (uploaded files are not sent again)
  --format jsonl|csv    output format (default: from --out's extension, else jsonl)
  --url <url>           Faceflare API (default: $FACEFLARE_URL, else ${DEFAULT_URL})
  --tasks <list>        comma-separated tasks, e.g. emotion,age,gender,ethnicity
  --concurrency <n>     parallel uploads (default 4)
  -q, --quiet           no summary on stderr (progress is shown only on a terminal)

The API key comes from $FACEFLARE_KEY, or --key-file <file> (a file of one
line); --key <key> works too but is visible to other users in ps and shell
history. --key and --key-file together are a usage error.

Output: JSON Lines, one object per image: {file, key, status, result} or
{file, status: "failed", error: {code, detail, stage}}. CSV columns: file,
status, error, errorDetail, face, x, y, width, height, score, emotion,
emotionScore, valence, arousal, age, gender, genderProbability, ethnicity,
ethnicityScore (empty where a task was not run; a failed image is one row
with its error).

${EXIT_CODES_HELP}`;

export type Parsed = { command: "help" } | { command: "version" } | { command: "analyze"; options: CliOptions };

const usageError = (message: string) => new CliError(`${message}\n\nRun faceflare --help for usage.`, EXIT.usage);

/** Parses argv after the program name; throws a CliError (usage) on bad input. */
export function parseCli(argv: string[], env: Record<string, string | undefined> = process.env): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "V" },
        out: { type: "string", short: "o" },
        format: { type: "string" },
        url: { type: "string" },
        key: { type: "string" },
        "key-file": { type: "string" },
        tasks: { type: "string" },
        concurrency: { type: "string", default: "4" },
        "poll-ms": { type: "string", default: "1000" },
        quiet: { type: "boolean", short: "q", default: false },
      },
    });
  } catch (err) {
    throw usageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") return { command: "help" };
  if (values.version) return { command: "version" };
  const [command, dir, ...rest] = positionals;
  if (!command) throw usageError("No command given.");
  if (command !== "analyze") throw usageError(`Unknown command "${command}".`);
  if (!dir) throw usageError("analyze needs a folder.");
  if (rest.length) throw usageError(`Unexpected arguments: ${rest.join(" ")}`);
  const format = values.format ?? (values.out?.toLowerCase().endsWith(".csv") ? "csv" : "jsonl");
  if (format !== "jsonl" && format !== "csv") throw usageError(`--format must be jsonl or csv, not ${format}`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw usageError("--concurrency must be an integer 1..64");
  const url = values.url ?? env.FACEFLARE_URL ?? DEFAULT_URL;
  if (!/^https?:\/\/[^/]/.test(url)) throw usageError(`--url must be an http(s) URL, not ${url}`);
  let key: string | undefined;
  try {
    key = resolveApiKey(values, env).key;
  } catch (err) {
    throw err instanceof ApiKeyUsageError ? usageError(err.message) : err;
  }
  return {
    command: "analyze",
    options: {
      dir,
      out: values.out,
      format,
      url: url.replace(/\/+$/, ""),
      key,
      tasks: values.tasks ? values.tasks.split(",").map((t) => t.trim()).filter(Boolean) : undefined,
      concurrency,
      pollMs: Math.max(50, Number(values["poll-ms"]) || 1000),
      quiet: values.quiet ?? false,
    },
  };
}
