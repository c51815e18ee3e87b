// Caps a rate: `reserve(n)` books n units (connections, packets) and says how long to wait before
// using them so that no more than `perSecond` are used per second on average (bursts up to one second's worth).
export class Pacer {
  private next: number;

  constructor(private readonly perSecond: number, private readonly now: () => number) {
    if (!(perSecond > 0)) throw new RangeError(`rate must be positive, got ${perSecond}`);
    this.next = now();
  }

  /** Milliseconds to wait before the n units may be used (0 when within the budget). */
  reserve(n: number): number {
    const t = this.now();
    // unused budget accumulates at most one second back
    this.next = Math.max(this.next, t - 1000);
    const at = this.next;
    this.next += (n * 1000) / this.perSecond;
    return Math.max(0, at - t);
  }
}
