// Typed failures of the probe client. A scenario failure message says what the spec wanted and
// what the broker did; the trace is attached separately by the After hook.

export class ExpectationError extends Error {
  override readonly name = 'ExpectationError';
  constructor(
    readonly expected: string,
    readonly observed: string,
  ) {
    super(`expected ${expected}; observed ${observed}`);
  }
}

export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`could not open a connection to ${url}: ${reason}`);
  }
}
