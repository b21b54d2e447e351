/** A one-line progress bar on stderr (redrawn in place on a terminal, else printed on completion). */
export class ProgressBar {
  private readonly tty = Boolean(process.stderr.isTTY);
  private last = "";

  constructor(private readonly label: string) {}

  update(done: number, total: number, extra = ""): void {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    const line = `${this.label.padEnd(10)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${extra ? ` ${extra}` : ""}`;
    if (line === this.last) return;
    this.last = line;
    if (this.tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (done === total) process.stderr.write(`${line}\n`);
  }

  finish(): void {
    if (this.tty && this.last) process.stderr.write("\n");
  }
}
