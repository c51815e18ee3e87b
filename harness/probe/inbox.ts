// Arrivals (packets, messages) waiting to be taken by expectations with deadlines. An arrival goes to
// the first expectation waiting for one like it; otherwise it waits in the inbox, oldest first.

type Waiter<T> = { match: (item: T) => boolean; settle: (item: T) => void };

export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  /** What arrived and was not taken yet, oldest first. */
  get pending(): readonly T[] {
    return this.items;
  }

  push(item: T): void {
    for (const waiter of this.waiters) {
      if (waiter.match(item)) {
        waiter.settle(item);
        return;
      }
    }
    this.items.push(item);
  }

  /** The oldest matching item, removed; else the next matching arrival; else onTimeout()'s error after timeoutMs. */
  take(match: (item: T) => boolean, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    const index = this.items.findIndex(match);
    if (index >= 0) return Promise.resolve(this.items.splice(index, 1)[0] as T);
    return this.wait(match, timeoutMs, (resolve, reject) => ({
      arrived: resolve,
      timedOut: () => reject(onTimeout()),
    }));
  }

  /** Resolves when no matching item is waiting nor arrives within windowMs; else onArrival(item)'s error. */
  none(match: (item: T) => boolean, windowMs: number, onArrival: (item: T) => Error): Promise<void> {
    const early = this.items.find(match);
    if (early !== undefined) return Promise.reject(onArrival(early));
    return this.wait<void>(match, windowMs, (resolve, reject) => ({
      arrived: (item) => reject(onArrival(item)),
      timedOut: () => resolve(),
    }));
  }

  private wait<R>(
    match: (item: T) => boolean,
    ms: number,
    outcomes: (resolve: (value: R) => void, reject: (error: Error) => void) => { arrived: (item: T) => void; timedOut: () => void },
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const { arrived, timedOut } = outcomes(resolve, reject);
      const waiter: Waiter<T> = {
        match,
        settle: (item) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          arrived(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        timedOut();
      }, ms);
      this.waiters.add(waiter);
    });
  }
}
