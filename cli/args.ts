import { parseArgs } from "node:util";
import { IMAGE_EXTENSIONS } from "./files.ts";

export interface CliOptions {
  dir: string;
  out: string;
  format: "jsonl" | "csv";
  url: string;
  key?: string;
  tasks?: string[];
  concurrency: number;
  pollMs: number;
}

export const USAGE = `Usage: faceflare analyze <folder> --out <file> [options]

Uploads every image in <folder> (${IMAGE_EXTENSIONS}; recursive), runs one
batch over them and writes one result per image to --out.

Options:
  --out <file>          results file (required)
  --format jsonl|csv    output format (default: from --out's extension, else jsonl)
  --url <url>           Faceflare API (default http://127.0.0.1:8787)
  --key <key>           API key, sent as a bearer token
  --tasks <list>        comma-separated tasks, e.g. emotion,age,gender
  --concurrency <n>     parallel uploads (default 4)

An interrupted run resumes from <out>.state.json: uploaded files are not
uploaded again and a started batch is followed, not restarted.`;

/** Parses argv after the program name; throws a message on bad input. */
export function parseCli(argv: string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string", short: "o" },
      format: { type: "string" },
      url: { type: "string", default: "http://127.0.0.1:8787" },
      key: { type: "string" },
      tasks: { type: "string" },
      concurrency: { type: "string", default: "4" },
      "poll-ms": { type: "string", default: "1000" },
    },
  });
  const [command, dir, ...rest] = positionals;
  if (command !== "analyze" || !dir || rest.length) throw new Error(USAGE);
  if (!values.out) throw new Error("--out is required\n\n" + USAGE);
  const format = values.format ?? (values.out.toLowerCase().endsWith(".csv") ? "csv" : "jsonl");
  if (format !== "jsonl" && format !== "csv") throw new Error(`--format must be jsonl or csv, not ${format}`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new Error("--concurrency must be an integer 1..64");
  return {
    dir,
    out: values.out,
    format,
    url: values.url.replace(/\/+$/, ""),
    key: values.key,
    tasks: values.tasks ? values.tasks.split(",").map((t) => t.trim()).filter(Boolean) : undefined,
    concurrency,
    pollMs: Math.max(50, Number(values["poll-ms"]) || 1000),
  };
}
