import { writeFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints the slowest test files at the end of a run: wall time from the moment
 * a file is handed to a worker until its last test ends (so a worker's start-up,
 * e.g. workerd and the module graph, counts), split into import (collect) and
 * tests. `SLOWEST_FILES_JSON=path` also writes every file's figures as JSON.
 */
export default class SlowestFiles implements Reporter {
  private readonly queued = new Map<string, number>();
  private readonly rows: { file: string; project: string; wall: number; collect: number; tests: number }[] = [];

  private readonly count: number;

  constructor(options: { count?: number } = {}) {
    this.count = options.count ?? 10;
  }

  onTestModuleQueued(module: TestModule) {
    this.queued.set(module.id, performance.now());
  }

  onTestModuleEnd(module: TestModule) {
    const d = module.diagnostic();
    const start = this.queued.get(module.id) ?? performance.now();
    this.rows.push({
      file: module.relativeModuleId,
      project: module.project.name,
      wall: (performance.now() - start) / 1000,
      collect: d.collectDuration / 1000,
      tests: d.duration / 1000,
    });
  }

  onTestRunEnd() {
    if (!this.rows.length) return;
    const rows = [...this.rows].sort((a, b) => b.wall - a.wall);
    const s = (x: number) => `${x.toFixed(1)}s`.padStart(7);
    console.log(`\n Slowest test files (wall, of which import and tests; ${rows.length} files):`);
    for (const r of rows.slice(0, this.count)) console.log(`${s(r.wall)} ${s(r.collect)} ${s(r.tests)}  ${r.project.padEnd(7)} ${r.file}`);
    if (process.env.SLOWEST_FILES_JSON) writeFileSync(process.env.SLOWEST_FILES_JSON, JSON.stringify(rows, null, 2));
  }
}
