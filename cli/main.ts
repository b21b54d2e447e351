import { parseCli } from "./args.ts";
import { runAnalyze } from "./analyze.ts";

/** `faceflare analyze <folder> --out <file>`; prints a JSON summary on stdout. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseCli(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  try {
    const summary = await runAnalyze(opts);
    for (const r of summary.rejected) process.stderr.write(`rejected ${r.file}: ${r.error}\n`);
    process.stderr.write(`${summary.done} analysed, ${summary.failed} failed -> ${summary.out}\n`);
    process.stdout.write(JSON.stringify(summary) + "\n");
    return 0;
  } catch (err) {
    process.stderr.write(`faceflare: ${(err as Error).message}\n`);
    return 1;
  }
}
