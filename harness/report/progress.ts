// The one-line progress of a run: rewritten in place on a TTY (`[ 57/140] passed 50 failed 2 n/a 5`),
// plain lines at most every intervalMs (and at the end) when the output is not a TTY.
import type { ScenarioResult } from './types.ts';

export interface ProgressSink { write(text: string): unknown; isTTY?: boolean }

export class ProgressReporter {
  private done = 0;
  private passed = 0;
  private failed = 0;
  private notApplicable = 0;
  private lastPlainMs = -Infinity;
  private lastPlain = '';

  constructor(
    private readonly total: number,
    private readonly out: ProgressSink,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 5000,
  ) {}

  line(): string {
    const width = String(this.total).length;
    return `[${String(this.done).padStart(width)}/${this.total}] passed ${this.passed} failed ${this.failed} n/a ${this.notApplicable}`;
  }

  update(result: ScenarioResult): void {
    this.done += 1;
    if (result.status === 'passed') this.passed += 1;
    else if (result.status === 'failed') this.failed += 1;
    else this.notApplicable += 1;
    if (this.out.isTTY === true) {
      this.out.write(`\r\u001b[2K${this.line()}`);
    } else if (this.now() - this.lastPlainMs >= this.intervalMs) {
      this.lastPlainMs = this.now();
      this.lastPlain = this.line();
      this.out.write(`${this.lastPlain}\n`);
    }
  }

  finish(): void {
    if (this.out.isTTY === true) this.out.write(`\r\u001b[2K${this.line()}\n`);
    else if (this.line() !== this.lastPlain) this.out.write(`${this.line()}\n`);
  }
}
