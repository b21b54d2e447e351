/** "1m05s", "9s": an ETA or elapsed time. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, "0")}m` : m ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** The bar's text: `upload     [######------] 12/40  3.1/s  ETA 9s (1 failed)`. */
export function progressLine(label: string, done: number, total: number, ratePerSecond: number | null, extra = ""): string {
  const width = 24;
  const filled = total ? Math.min(width, Math.round((done / total) * width)) : width;
  const rate = ratePerSecond && ratePerSecond > 0 ? `  ${ratePerSecond >= 10 ? ratePerSecond.toFixed(0) : ratePerSecond.toFixed(1)}/s  ETA ${duration((total - done) / ratePerSecond)}` : "";
  return `${label.padEnd(10)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${rate}${extra ? ` ${extra}` : ""}`;
}

/**
 * A one-line progress bar with rate and ETA, redrawn in place on stderr when
 * it is a terminal; silent otherwise (logs and pipes get no progress noise).
 */
export class ProgressBar {
  private last = "";
  private readonly started = performance.now();
  private firstDone: number | null = null;

  constructor(
    private readonly label: string,
    private readonly tty = Boolean(process.stderr.isTTY),
    private readonly write: (s: string) => unknown = (s) => process.stderr.write(s),
  ) {}

  update(done: number, total: number, extra = ""): void {
    if (!this.tty) return;
    this.firstDone ??= done; // work done before this bar started (a resumed run) does not count towards the rate
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0.5 && done > this.firstDone ? (done - this.firstDone) / seconds : null;
    const line = progressLine(this.label, done, total, rate, extra);
    if (line === this.last) return;
    this.last = line;
    this.write(`\r${line}\x1b[K`);
  }

  finish(): void {
    if (this.tty && this.last) this.write("\n");
  }
}
