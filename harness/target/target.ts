// The seam between "what broker do we test" and everything that tests it (the runner, bench/,
// scripts/): a Target is configured, start() makes it reachable, and the StartedTarget says where it
// answers (one URL per transport) and which profile describes it, and stops it again.
//
// Implementations: ReferenceBrokerTarget (the launched reference broker), UrlTarget (a broker someone
// else runs: start() only checks that it answers), ProcessTarget (any broker process; MosquittoTarget
// and AedesTarget build on it). A cluster target (N reference nodes on one shared database) fits the
// same shape: start() brings the nodes up and returns their URLs (one per node per transport), stop()
// stops them all; `kind: 'cluster'` is reserved for it.
import type { Profile, Transport } from './target-spec.ts';

export type TargetKind = 'reference' | 'url' | 'process' | 'cluster';

export interface TargetStopResult {
  /** Exit code and signal of the stopped process; both null when the target owns no process. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartedTarget extends AsyncDisposable {
  readonly kind: TargetKind;
  /** For people: "reference broker (pid 123)", "mosquitto 2.0 (stock, pid 456)", "mqtt://h:1883". */
  readonly description: string;
  /** Every URL it answers on, the primary first. */
  readonly urls: readonly string[];
  /** The first URL of each transport. */
  readonly transports: Readonly<Partial<Record<Transport, string>>>;
  /** The profile that describes it (the launch's missing capabilities already added to unsupported). */
  readonly profile: Profile;
  /** The CA that signed its certificate, for mqtts:// and wss://. */
  readonly caFile?: string;
  /** Its process, when this target started one. */
  readonly pid?: number;
  /**
   * Stops what start() started and frees its ports; idempotent (a second call returns the first
   * result). A target that started nothing (a URL) resolves at once with { code: null, signal: null }.
   */
  stop(): Promise<TargetStopResult>;
}

export interface Target {
  readonly kind: TargetKind;
  /** For messages before it has started: "reference broker", "mosquitto (stock)", "mqtt://h:1883". */
  readonly name: string;
  /**
   * Makes the target reachable: launches it and waits until it listens, or checks that it answers.
   * Rejects with TargetStartError (it did not come up) or TargetUnreachableError (a URL did not answer).
   */
  start(): Promise<StartedTarget>;
}

export class TargetStartError extends Error {
  constructor(readonly target: string, detail: string, readonly output = '') {
    super(`${target} failed to start: ${detail}${output.trim() === '' ? '' : `\n--- its output (last lines) ---\n${output.trimEnd()}`}`);
    this.name = 'TargetStartError';
  }
}
