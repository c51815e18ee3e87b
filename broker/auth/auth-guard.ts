// Guards authentication against brute force and against costing unbounded password-hash work:
// - at most `maxConcurrent` checks run at once (each may be a scrypt run), and at most `maxPerAddress`
//   from one remote address; beyond either, the CONNECT is refused at once without a check;
// - each failure from an address delays that address's refusal (CONNACK 4/5) by backoffBaseMs,
//   doubling per failure up to backoffMaxMs; a success, or no failure for forgetAfterMs, resets it.
// At most `maxTracked` addresses are remembered (the least recently failed are forgotten first).
import type { Clock } from '../model/contracts.ts';

export interface AuthGuardOptions {
  clock: Clock;
  maxConcurrent?: number;
  maxPerAddress?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  forgetAfterMs?: number;
  maxTracked?: number;
}

export const AUTH_GUARD_DEFAULTS = {
  maxConcurrent: 8,
  maxPerAddress: 4,
  backoffBaseMs: 250,
  backoffMaxMs: 8000,
  forgetAfterMs: 10 * 60_000,
  maxTracked: 10_000,
} as const;

/** Why a check was not started: too many running overall, or from this address. */
export type AuthBusy = 'auth-busy' | 'auth-busy-address';

interface FailureRecord {
  count: number;
  lastAt: number;
}

export class AuthGuard {
  private readonly clock: Clock;
  private readonly maxConcurrent: number;
  private readonly maxPerAddress: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxTracked: number;
  private running = 0;
  private readonly runningBy = new Map<string, number>();
  private readonly failures = new Map<string, FailureRecord>();

  constructor(options: AuthGuardOptions) {
    this.clock = options.clock;
    this.maxConcurrent = options.maxConcurrent ?? AUTH_GUARD_DEFAULTS.maxConcurrent;
    this.maxPerAddress = options.maxPerAddress ?? AUTH_GUARD_DEFAULTS.maxPerAddress;
    this.backoffBaseMs = options.backoffBaseMs ?? AUTH_GUARD_DEFAULTS.backoffBaseMs;
    this.backoffMaxMs = options.backoffMaxMs ?? AUTH_GUARD_DEFAULTS.backoffMaxMs;
    this.forgetAfterMs = options.forgetAfterMs ?? AUTH_GUARD_DEFAULTS.forgetAfterMs;
    this.maxTracked = options.maxTracked ?? AUTH_GUARD_DEFAULTS.maxTracked;
  }

  /** Checks running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Start a check for `address`, or say why not; a started check must be ended with end(). */
  begin(address: string): AuthBusy | null {
    if (this.running >= this.maxConcurrent) return 'auth-busy';
    const mine = this.runningBy.get(address) ?? 0;
    if (mine >= this.maxPerAddress) return 'auth-busy-address';
    this.running++;
    this.runningBy.set(address, mine + 1);
    return null;
  }

  end(address: string): void {
    this.running--;
    const mine = (this.runningBy.get(address) ?? 1) - 1;
    if (mine <= 0) this.runningBy.delete(address);
    else this.runningBy.set(address, mine);
  }

  /** Record a failure; returns how many in a row and how long to wait before refusing. */
  failed(address: string): { failures: number; delayMs: number } {
    const now = this.clock.now();
    const prior = this.failures.get(address);
    const count = prior && now - prior.lastAt < this.forgetAfterMs ? prior.count + 1 : 1;
    this.failures.delete(address); // re-inserted last: the Map's order is least recently failed first
    this.failures.set(address, { count, lastAt: now });
    if (this.failures.size > this.maxTracked) this.failures.delete(this.failures.keys().next().value!);
    const delayMs = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.min(count - 1, 30));
    return { failures: count, delayMs };
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }

  /** Addresses with failures remembered (bounded by maxTracked). */
  get tracked(): number {
    return this.failures.size;
  }
}
