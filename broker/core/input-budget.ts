// The bytes of partially received packets, per connection and for all connections together. One
// connection's partial packet is bounded by maxPacketSize (its header is checked before the body is
// buffered, protocol/framer.ts); all of them together by maxBufferedInputBytes: when a new byte would
// exceed the budget, the connection holding the largest partial packet (the newest on a tie) is
// closed, so a crowd of clients that announce large packets and trickle their bytes cannot make the
// broker allocate what they announce. Logged once per episode (until the total falls below half).

export interface BudgetHolder {
  /** Order of arrival: a larger number is a newer connection. */
  readonly seq: number;
  /** Close this connection because the budget is exhausted. */
  evict(total: number, limit: number): void;
}

export const DEFAULT_MAX_BUFFERED_INPUT_BYTES = 64 * 1024 * 1024;

export class InputBudget {
  private readonly held = new Map<BudgetHolder, number>();
  private totalBytes = 0;
  private peakBytes = 0;
  private evictions = 0;
  private warned = false;

  constructor(
    readonly limit: number,
    private readonly onExhausted: (fields: Record<string, unknown>) => void,
  ) {}

  get total(): number {
    return this.totalBytes;
  }

  /** The highest total seen since start (tests and metrics). */
  get peak(): number {
    return this.peakBytes;
  }

  get evicted(): number {
    return this.evictions;
  }

  /** `holder` now buffers `bytes` (0 when it holds none or has closed). */
  set(holder: BudgetHolder, bytes: number): void {
    const before = this.held.get(holder) ?? 0;
    if (bytes === before) return;
    if (bytes === 0) this.held.delete(holder);
    else this.held.set(holder, bytes);
    this.totalBytes += bytes - before;
    while (this.totalBytes > this.limit && this.held.size > 0) this.evictLargest();
    if (this.totalBytes > this.peakBytes) this.peakBytes = this.totalBytes;
    if (this.warned && this.totalBytes < this.limit / 2) this.warned = false;
  }

  private evictLargest(): void {
    let victim: BudgetHolder | null = null;
    let most = -1;
    for (const [h, b] of this.held) {
      if (b > most || (b === most && victim !== null && h.seq > victim.seq)) {
        victim = h;
        most = b;
      }
    }
    if (victim === null) return;
    const total = this.totalBytes;
    this.held.delete(victim);
    this.totalBytes -= most;
    this.evictions++;
    if (!this.warned) {
      this.warned = true;
      this.onExhausted({ totalBytes: total, limit: this.limit, connections: this.held.size + 1 });
    }
    victim.evict(total, this.limit);
  }
}
