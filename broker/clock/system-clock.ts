// The real clock: wall time and Node timers, behind the core's Clock seam so tests can inject a fake.
import type { Clock } from '../core/contracts.ts';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = setTimeout(fn, ms);
    // A pending keepalive or will-delay timer must not keep a stopping process alive.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  }
}
