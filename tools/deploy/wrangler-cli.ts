import { spawn, spawnSync } from "node:child_process";
import { ROOT, wranglerEnv, wranglerCommand } from "../wrangler-bin.ts";

/**
 * wrangler as the deploy drives it: one CLI call at a time, output captured
 * (no colours, no telemetry), every call against one config file.
 */
export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export class WranglerError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: Result,
  ) {
    super(`wrangler ${args.join(" ")} failed (exit ${result.code}):\n${(result.stderr + result.stdout).trim().split("\n").slice(-15).join("\n")}`);
  }

  /** The error text wrangler printed, for matching known conditions (missing resource, ...). */
  get output(): string {
    return `${this.result.stderr}\n${this.result.stdout}`;
  }
}

export class Wrangler {
  constructor(
    readonly config: string,
    readonly env: NodeJS.ProcessEnv = wranglerEnv(),
  ) {}

  private argv(args: readonly string[]): [string, string[]] {
    return wranglerCommand([...args, "--config", this.config]);
  }

  /** Runs and returns the result whatever the exit code. */
  try(args: readonly string[]): Result {
    const [node, argv] = this.argv(args);
    const r = spawnSync(node, argv, { cwd: ROOT, env: this.env, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
    if (r.error) throw r.error;
    return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs and throws WranglerError on a non-zero exit. */
  run(args: readonly string[]): Result {
    const r = this.try(args);
    if (r.code !== 0) throw new WranglerError(args, r);
    return r;
  }

  /** Runs a command whose output is JSON (`--json`, `--format json`, `kv namespace list`). */
  json<T>(args: readonly string[]): T {
    return parseJsonOutput<T>(this.run(args).stdout);
  }

  /** Runs with the output shown as it comes (long commands: deploy) and captured. */
  stream(args: readonly string[], write: (chunk: string) => void = (c) => process.stdout.write(c)): Promise<Result> {
    const [node, argv] = this.argv(args);
    return new Promise((resolve, reject) => {
      const child = spawn(node, argv, { cwd: ROOT, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => ((stdout += d), write(d.toString())));
      child.stderr.on("data", (d: Buffer) => ((stderr += d), write(d.toString())));
      child.on("error", reject);
      child.on("close", (code) => {
        const result = { code: code ?? 1, stdout, stderr };
        if (result.code !== 0) reject(new WranglerError(args, result));
        else resolve(result);
      });
    });
  }
}

/**
 * The JSON value in a command's stdout. wrangler may print a banner or
 * warnings around it, so this takes the first line that opens an array or
 * object and parses from there to the last matching close.
 */
export function parseJsonOutput<T>(stdout: string): T {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => /^\s*[[{]/.test(l));
  if (start < 0) throw new Error(`expected JSON from wrangler, got:\n${stdout.slice(0, 500)}`);
  const text = lines.slice(start).join("\n");
  const close = text.trimStart()[0] === "[" ? "]" : "}";
  for (let end = text.lastIndexOf(close); end > 0; end = text.lastIndexOf(close, end - 1)) {
    try {
      return JSON.parse(text.slice(0, end + 1)) as T;
    } catch {
      // a trailing line closed with the same bracket: try an earlier close
    }
  }
  throw new Error(`could not parse wrangler's JSON output:\n${stdout.slice(0, 500)}`);
}
