// The negative-control table: for each fault of the proxy, the spec statements the suite must
// report as failed when the reference broker is seen through that fault. Statement ids are written
// as the features tag them (the spec table's own spelling, e.g. MQTT-3.3.1.-1, where it differs).
// The clean control (`pass-through`) must fail nothing.

export interface ControlExpectation {
  /** A fault name from harness/proxy/faults (a fault may have several rows, each one run). */
  readonly fault: string;
  /** Statements whose scenarios must fail through this fault (each must be cited by a scenario). */
  readonly statements: readonly string[];
  /** Cucumber workers for this run (default 1: most rows are a few scenarios); long rows get more and are started first. */
  readonly parallel?: number;
}

export const CLEAN_CONTROL = 'pass-through';

/** The proxy speaks TCP only: the clean run leaves out the TLS and WebSocket scenarios. */
export const TCP_ONLY = 'not @tls and not @ws';

export const EXPECTATIONS: readonly ControlExpectation[] = [
  // connect and session
  { fault: 'answer-second-connect', statements: ['MQTT-3.1.0-2'] },
  { fault: 'connack-not-first', statements: ['MQTT-3.2.0-1'] },
  { fault: 'refuse-valid-credentials', statements: ['MQTT-3.1.4-4'] },
  { fault: 'accept-bad-credentials', statements: ['MQTT-3.2.2-4', 'MQTT-3.2.2-5'] },
  { fault: 'accept-rejected-client-id', statements: ['MQTT-3.1.3-8', 'MQTT-3.1.3-9'] },
  { fault: 'accept-unsupported-protocol', statements: ['MQTT-3.1.2-2'] },
  { fault: 'accept-any-protocol-name', statements: ['MQTT-3.1.2-1'] },
  { fault: 'reject-long-client-id', statements: ['MQTT-3.1.3-5'] },
  { fault: 'force-clean-session', statements: ['MQTT-3.1.2-4', 'MQTT-3.1.2-5', 'MQTT-3.2.2-2', 'MQTT-3.1.4-3', 'MQTT-4.1.0-1'], parallel: 2 },
  { fault: 'keep-session', statements: ['MQTT-3.1.2-6'] },
  { fault: 'flip-session-present', statements: ['MQTT-3.2.2-1', 'MQTT-3.2.2-2', 'MQTT-3.2.2-3', 'MQTT-3.1.3-2'] },
  { fault: 'hide-broker-close', statements: ['MQTT-3.1.4-2', 'MQTT-3.2.2-5', 'MQTT-3.1.0-2', 'MQTT-3.1.4-1'], parallel: 2 },
  // the same fault on the malformed-input area, as a second run so the two go in parallel
  // (about 60 scenarios that each wait out a close deadline: mostly idle, so 4 workers)
  { fault: 'hide-broker-close', statements: ['MQTT-2.2.2-2', 'MQTT-1.5.3-1', 'MQTT-1.5.3-2', 'MQTT-2.3.1-1', 'MQTT-3.3.1-4', 'MQTT-4.8.0-1'], parallel: 4 },
  {
    fault: 'hide-broker-close',
    statements: ['MQTT-2.2.2-1', 'MQTT-3-8.3-4', 'MQTT-3.1.2-3', 'MQTT-3.10.1-1', 'MQTT-3.2.2-6', 'MQTT-3.3.2-1', 'MQTT-3.3.2-2', 'MQTT-3.6.1-1', 'MQTT-3.8.1-1', 'MQTT-4.7.1-1', 'MQTT-4.7.3-1', 'MQTT-3.14.1-1'],
    parallel: 4,
  },
  { fault: 'ignore-keepalive', statements: ['MQTT-3.1.2-24'] },
  { fault: 'no-pingresp', statements: ['MQTT-3.12.4-1'] },
  { fault: 'drop-will', statements: ['MQTT-3.1.2-8'] },
  { fault: 'will-on-disconnect', statements: ['MQTT-3.1.2-10', 'MQTT-3.14.4-3'] },
  { fault: 'flip-will-retain', statements: ['MQTT-3.1.2-16', 'MQTT-3.1.2-17'] },
  // publish and QoS
  { fault: 'raise-qos', statements: ['MQTT-3.8.4-6'] },
  { fault: 'lower-qos', statements: ['MQTT-3.8.4-6', 'MQTT-3.3.5-1'] },
  { fault: 'swallow-puback', statements: ['MQTT-4.3.2-2', 'MQTT-3.3.4-1'] },
  { fault: 'wrong-puback-id', statements: ['MQTT-2.3.1-6'] },
  { fault: 'swallow-pubcomp', statements: ['MQTT-4.3.3-2', 'MQTT-3.3.4-1'] },
  { fault: 'drop-pubrel', statements: ['MQTT-4.3.3-1', 'MQTT-3.10.4-3'] },
  { fault: 'set-dup-on-qos0', statements: ['MQTT-3.3.1-2', 'MQTT-4.3.1-1'] },
  { fault: 'packet-id-on-qos0', statements: ['MQTT-2.3.1-5'] },
  { fault: 'set-dup-on-first-delivery', statements: ['MQTT-3.3.1-3', 'MQTT-4.3.2-1'] },
  { fault: 'drop-redelivery', statements: ['MQTT-4.4.0-1'] },
  { fault: 'clear-dup-on-redelivery', statements: ['MQTT-3.3.1.-1', 'MQTT-3.3.1-1'] },
  { fault: 'reorder-publishes', statements: ['MQTT-4.6.0-5', 'MQTT-4.6.0-6'] },
  { fault: 'alter-topic-name', statements: ['MQTT-3.3.2-3'], parallel: 2 },
  { fault: 'strip-bom', statements: ['MQTT-1.5.3-3'] },
  { fault: 'deliver-to-one-subscriber', statements: ['MQTT-4.5.0-1'] },
  // retain
  { fault: 'clear-retain-flag', statements: ['MQTT-3.3.1-8'] },
  { fault: 'set-retain-flag', statements: ['MQTT-3.3.1-9', 'MQTT-3.3.1-11'] },
  { fault: 'drop-retained', statements: ['MQTT-3.3.1-6', 'MQTT-3.3.1-5', 'MQTT-3.8.4-3', 'MQTT-3.3.1-7', 'MQTT-3.1.2.7'], parallel: 2 },
  { fault: 'ignore-retained-delete', statements: ['MQTT-3.3.1-10'] },
  { fault: 'store-non-retained', statements: ['MQTT-3.3.1-12'] },
  // subscribe, unsubscribe, topics
  { fault: 'no-suback', statements: ['MQTT-3.8.4-1'] },
  { fault: 'wrong-suback-id', statements: ['MQTT-3.8.4-2', 'MQTT-2.3.1-7'] },
  { fault: 'reverse-suback-codes', statements: ['MQTT-3.9.3-1'] },
  { fault: 'grant-denied-subscribe', statements: ['MQTT-3.8.4-5'] },
  { fault: 'grant-max-qos', statements: ['MQTT-3.9.3-2'] },
  { fault: 'first-filter-only', statements: ['MQTT-3.8.4-4'] },
  { fault: 'ignore-unsubscribe', statements: ['MQTT-3.10.4-1', 'MQTT-3.10.4-2'] },
  { fault: 'no-unsuback', statements: ['MQTT-3.10.4-4', 'MQTT-3.10.4-5'] },
  { fault: 'first-unsubscribe-only', statements: ['MQTT-3.10.4-6'] },
  { fault: 'leak-dollar-topic', statements: ['MQTT-4.7.2-1'] },
  { fault: 'plus-matches-many-levels', statements: ['MQTT-4.7.1-3'] },
  { fault: 'hash-excludes-parent', statements: ['MQTT-4.7.1-2'] },
  { fault: 'normalize-filters', statements: ['MQTT-4.7.3-4', 'MQTT-4.7.3-2'] },
];

/** The cucumber tag expression selecting the scenarios of these statements (TCP only). */
export function tagExpression(statements: readonly string[]): string {
  return `(${statements.map((id) => `@${id}`).join(' or ')}) and ${TCP_ONLY}`;
}
