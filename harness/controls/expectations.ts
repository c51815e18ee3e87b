// The negative-control table: for each fault of the proxy, the spec statements the suite must
// report as failed when the reference broker is seen through that fault. Statement ids are written
// as the features tag them (the spec table's own spelling, e.g. MQTT-3.3.1.-1, where it differs).
// The clean control (`pass-through`) must fail nothing.

export interface ControlExpectation {
  /** A fault name from harness/proxy/faults (a fault may have several rows, each one run). */
  readonly fault: string;
  /** Statements whose own assertions must fail through this fault (each must be cited by a scenario). */
  readonly statements: readonly string[];
  /** Cucumber workers for this run (default 1: most rows are a few scenarios); long rows get more and are started first. */
  readonly parallel?: number;
  /**
   * Why this row runs no bystanders (scenarios of the same files citing none of the fault's
   * statements): only where the fault necessarily breaks them at a precondition.
   */
  readonly noBystanders?: string;
  /**
   * A probe of the suite rather than a fault aimed at its statements (not counted in the mutation
   * score): every scenario of the row with a step matching this must fail at that step.
   */
  readonly mustFailAt?: RegExp;
  /**
   * A gap outside the controls (a step that is no assertion, a probe that cannot read the fault):
   * the row runs and its problems are listed with the mutation score instead of failing the test.
   * Once the row holds, the test fails until this is removed, so a gap cannot outlive its fix.
   */
  readonly knownGap?: string;
  /**
   * Statements the suite misattributes under this fault (a step that checks the fault's rule while
   * asserting these), with the reason: their failures are warnings, not problems (judge.ts).
   */
  readonly suiteGaps?: Readonly<Record<string, string>>;
}

const PROFILE_MISMATCH =
  `a broker refusing the profile's valid credentials or accepting bad ones is reported as a profile mismatch (not applicable, ATTRIBUTION.md), never as a failed statement: the suite cannot tell such a broker from a profile that does not describe it`;

const gaps = (ids: readonly string[], reason: string): Record<string, string> => Object.fromEntries(ids.map((id) => [id, reason]));

export const CLEAN_CONTROL = 'pass-through';

/** The phantom id (5.0 numbering) the 3.1.1 features must not cite; MQTT-3.3.1.-1 is the 3.1.1 id. */
export const PHANTOM_IDS: readonly string[] = ['MQTT-3.3.1-1'];

export const EXPECTATIONS: readonly ControlExpectation[] = [
  // connect and session
  { fault: 'answer-second-connect', statements: ['MQTT-3.1.0-2'] },
  { fault: 'connack-not-first', statements: ['MQTT-3.2.0-1'] },
  { fault: 'refuse-valid-credentials', statements: ['MQTT-3.1.4-4'], knownGap: PROFILE_MISMATCH },
  { fault: 'refuse-will-connect', statements: ['MQTT-3.1.4-4'] },
  { fault: 'accept-bad-credentials', statements: ['MQTT-3.2.2-4', 'MQTT-3.2.2-5'], knownGap: PROFILE_MISMATCH },
  { fault: 'session-present-on-refusal', statements: ['MQTT-3.2.2-4'] },
  { fault: 'accept-rejected-client-id', statements: ['MQTT-3.1.3-8', 'MQTT-3.1.3-9'] },
  { fault: 'accept-unsupported-protocol', statements: ['MQTT-3.1.2-2'] },
  { fault: 'accept-any-protocol-name', statements: ['MQTT-3.1.2-1'] },
  { fault: 'reject-long-client-id', statements: ['MQTT-3.1.3-5'] },
  { fault: 'shared-empty-client-id', statements: ['MQTT-3.1.3-6'] },
  { fault: 'process-after-refused-connect', statements: ['MQTT-3.1.4-5'] },
  { fault: 'force-clean-session', statements: ['MQTT-3.1.2-4', 'MQTT-3.1.2-5', 'MQTT-3.2.2-2', 'MQTT-3.1.4-3', 'MQTT-4.1.0-1'], parallel: 2 },
  { fault: 'keep-session', statements: ['MQTT-3.1.2-6'] },
  { fault: 'forget-session-while-connected', statements: ['MQTT-4.1.0-2'] },
  {
    fault: 'flip-session-present',
    statements: ['MQTT-3.2.2-1', 'MQTT-3.2.2-2', 'MQTT-3.2.2-3', 'MQTT-3.1.3-2'],
    suiteGaps: gaps(['MQTT-3.2.0-1', 'MQTT-3.1.4-4'], 'connack.feature checks "session present 0" in the step asserting 3.2.0-1 and 3.1.4-4 (it should name 3.2.2-1)'),
  },
  // the broker does not close: one fault per close rule
  {
    fault: 'keep-open-after-takeover',
    statements: ['MQTT-3.1.4-2'],
    suiteGaps: gaps(['MQTT-3.1.4-3', 'MQTT-3.1.4-4', 'MQTT-3.2.2-2'], 'takeover.feature "The new persistent-session connection resumes…" checks that the first connection is closed (3.1.4-2) without citing 3.1.4-2'),
  },
  { fault: 'keep-open-after-refusal', statements: ['MQTT-3.2.2-5'] },
  { fault: 'keep-open-after-second-connect', statements: ['MQTT-3.1.0-2'] },
  { fault: 'keep-open-after-invalid-connect', statements: ['MQTT-3.1.4-1'], parallel: 2 },
  { fault: 'keep-open-after-reserved-connect-flag', statements: ['MQTT-3.1.2-3'] },
  { fault: 'connack-before-close', statements: ['MQTT-3.2.2-6'] },
  { fault: 'keep-open-after-reserved-flags', statements: ['MQTT-2.2.2-2'], parallel: 2 },
  { fault: 'keep-open-after-publish-qos3', statements: ['MQTT-3.3.1-4'] },
  { fault: 'keep-open-after-subscribe-flags', statements: ['MQTT-3.8.1-1'] },
  { fault: 'keep-open-after-unsubscribe-flags', statements: ['MQTT-3.10.1-1'] },
  { fault: 'keep-open-after-pubrel-flags', statements: ['MQTT-3.6.1-1'] },
  { fault: 'keep-open-after-disconnect-flags', statements: ['MQTT-3.14.1-1'] },
  { fault: 'keep-open-after-ill-formed-utf8', statements: ['MQTT-1.5.3-1'], parallel: 2 },
  { fault: 'keep-open-after-null-character', statements: ['MQTT-1.5.3-2'] },
  { fault: 'keep-open-after-packet-id-0', statements: ['MQTT-2.3.1-1'] },
  { fault: 'keep-open-after-missing-topic', statements: ['MQTT-3.3.2-1'] },
  { fault: 'keep-open-after-wildcard-topic', statements: ['MQTT-3.3.2-2', 'MQTT-4.7.1-1'] },
  { fault: 'keep-open-after-empty-topic', statements: ['MQTT-4.7.3-1'] },
  { fault: 'keep-open-after-subscribe-qos-bits', statements: ['MQTT-3-8.3-4'] },
  { fault: 'keep-open-after-violation', statements: ['MQTT-4.8.0-1'], parallel: 4 },
  // keep alive and will
  { fault: 'ignore-keepalive', statements: ['MQTT-3.1.2-24'] },
  { fault: 'no-pingresp', statements: ['MQTT-3.12.4-1'] },
  {
    fault: 'drop-will',
    statements: ['MQTT-3.1.2-8'],
    suiteGaps: gaps(['MQTT-3.1.2-16', 'MQTT-3.3.1-9', 'MQTT-3.8.4-6'], 'the will QoS/retain scenarios assert the will\'s arrival (3.1.2-8) as their QoS and retain statements'),
  },
  { fault: 'will-on-disconnect', statements: ['MQTT-3.1.2-10', 'MQTT-3.14.4-3'] },
  { fault: 'flip-will-retain', statements: ['MQTT-3.1.2-16', 'MQTT-3.1.2-17'] },
  { fault: 'phantom-will', statements: ['MQTT-3.1.2-12'] },
  // publish and QoS
  { fault: 'raise-qos', statements: ['MQTT-3.8.4-6'] },
  {
    fault: 'lower-qos',
    statements: ['MQTT-3.8.4-6', 'MQTT-3.3.5-1'],
    suiteGaps: gaps(
      ['MQTT-3.1.2-17', 'MQTT-3.1.2-4', 'MQTT-3.1.2-5', 'MQTT-3.1.2.7', 'MQTT-3.2.2-2', 'MQTT-3.3.1-5', 'MQTT-3.3.1-6', 'MQTT-4.1.0-1', 'MQTT-4.5.0-1'],
      '"receives … at QoS n" checks the delivered QoS (3.8.4-6) in scenarios that do not cite 3.8.4-6',
    ),
  },
  { fault: 'swallow-puback', statements: ['MQTT-4.3.2-2', 'MQTT-3.3.4-1'] },
  { fault: 'wrong-puback-id', statements: ['MQTT-2.3.1-6'] },
  { fault: 'swallow-pubcomp', statements: ['MQTT-4.3.3-2', 'MQTT-3.3.4-1'] },
  { fault: 'drop-pubrel', statements: ['MQTT-4.3.3-1', 'MQTT-3.10.4-3'] },
  { fault: 'set-dup-on-qos0', statements: ['MQTT-3.3.1-2', 'MQTT-4.3.1-1'] },
  { fault: 'packet-id-on-qos0', statements: ['MQTT-2.3.1-5'] },
  { fault: 'reuse-delivery-packet-id', statements: ['MQTT-2.3.1-4'] },
  { fault: 'set-dup-on-first-delivery', statements: ['MQTT-3.3.1-3', 'MQTT-4.3.2-1'] },
  { fault: 'drop-redelivery', statements: ['MQTT-4.4.0-1'] },
  { fault: 'clear-dup-on-redelivery', statements: ['MQTT-3.3.1.-1'] },
  { fault: 'reorder-publishes', statements: ['MQTT-4.6.0-5', 'MQTT-4.6.0-6'] },
  {
    fault: 'alter-topic-name',
    statements: ['MQTT-3.3.2-3'],
    suiteGaps: gaps(['MQTT-4.7.3-2', 'MQTT-4.7.3-4', 'MQTT-1.5.3-3', 'MQTT-4.5.0-1'], 'a receive step checks delivery and the topic name at once: a changed topic name (3.3.2-3) reads as "not matched"'),
  },
  { fault: 'strip-bom', statements: ['MQTT-1.5.3-3'] },
  { fault: 'deliver-to-one-subscriber', statements: ['MQTT-4.5.0-1'] },
  { fault: 'ignore-publish-acl', statements: ['MQTT-3.3.5-2'] },
  // retain
  {
    fault: 'clear-retain-flag',
    statements: ['MQTT-3.3.1-8'],
    suiteGaps: gaps(['MQTT-3.1.2.7', 'MQTT-3.3.1-5', 'MQTT-3.3.1-6', 'MQTT-3.8.4-3', 'MQTT-3.8.4-6'], '"that message has the retain flag set" checks 3.3.1-8 but asserts its scenario\'s residual statements'),
  },
  { fault: 'set-retain-flag', statements: ['MQTT-3.3.1-9', 'MQTT-3.3.1-11'] },
  {
    fault: 'drop-retained',
    statements: ['MQTT-3.3.1-6', 'MQTT-3.3.1-5', 'MQTT-3.1.2.7'],
    suiteGaps: gaps(['MQTT-3.3.1-8'], 'the retained-copy flag scenario asserts the copy\'s arrival (3.3.1-6) as 3.3.1-8'),
  },
  { fault: 'no-retained-on-resubscribe', statements: ['MQTT-3.8.4-3'] },
  { fault: 'qos0-retained-keeps-old', statements: ['MQTT-3.3.1-7'] },
  { fault: 'ignore-retained-delete', statements: ['MQTT-3.3.1-10'] },
  { fault: 'store-non-retained', statements: ['MQTT-3.3.1-12'] },
  // subscribe, unsubscribe, topics
  { fault: 'no-suback', statements: ['MQTT-3.8.4-1'] },
  { fault: 'wrong-suback-id', statements: ['MQTT-3.8.4-2', 'MQTT-2.3.1-7'] },
  { fault: 'reverse-suback-codes', statements: ['MQTT-3.9.3-1'] },
  {
    fault: 'grant-denied-subscribe',
    statements: ['MQTT-3.8.4-5'],
    knownGap: 'a granted denied filter is reported as a profile mismatch (the ACL the profile names is not the broker\'s), never as a failed statement',
  },
  { fault: 'grant-max-qos', statements: ['MQTT-3.8.4-5'] },
  {
    fault: 'reserved-suback-code',
    statements: ['MQTT-3.9.3-2'],
    noBystanders: 'every SUBSCRIBE of a scenario gets a reserved code, so each scenario that subscribes breaks at its subscribe step',
    knownGap: 'the probe (mqtt-packet) drops a SUBACK holding a reserved code as unparseable ("Invalid suback QoS"), so the subscribe step, not an assertion, fails with "no SUBACK": the probe must report the reserved code and the step assert [MQTT-3.9.3-2]',
  },
  { fault: 'wildcards-never-match', statements: ['MQTT-3.8.3-2'] },
  {
    fault: 'first-filter-only',
    statements: ['MQTT-3.8.4-4'],
    suiteGaps: gaps(['MQTT-3.9.3-1', 'MQTT-3.9.3-2'], 'one step checks the number, order and values of the SUBACK codes'),
  },
  { fault: 'ignore-unsubscribe', statements: ['MQTT-3.10.4-1', 'MQTT-3.10.4-2'] },
  { fault: 'no-unsuback', statements: ['MQTT-3.10.4-4', 'MQTT-3.10.4-5'] },
  { fault: 'first-unsubscribe-only', statements: ['MQTT-3.10.4-6'] },
  { fault: 'leak-dollar-topic', statements: ['MQTT-4.7.2-1'] },
  { fault: 'plus-matches-many-levels', statements: ['MQTT-4.7.1-3'] },
  { fault: 'hash-excludes-parent', statements: ['MQTT-4.7.1-2'] },
  { fault: 'normalize-filters', statements: ['MQTT-4.7.3-4', 'MQTT-4.7.3-2'] },
  // transports and interoperability (the proxy speaks TLS and WebSocket too)
  { fault: 'accept-text-frames', statements: ['MQTT-6.0.0-1'] },
  { fault: 'assume-frame-alignment', statements: ['MQTT-6.0.0-2'] },
  {
    fault: 'wrong-websocket-subprotocol',
    statements: ['MQTT-6.0.0-4'],
    noBystanders: 'a client offering only "mqtt" refuses any other answer, so every WebSocket scenario breaks at its opening step',
    knownGap: 'the run stops at the reachability check (MQTT.js refuses the answer, exit 2), and the opening step of the subprotocol scenario is a When without brackets (not an assertion): needs [MQTT-6.0.0-4] on that step and a check that lets the run go on',
  },
  { fault: 'lossy-stream', statements: ['MQTT-7.1.1-1'] },
  { fault: 'require-extension', statements: ['MQTT-7.0.0-2'] },
];

/**
 * Why a required statement the suite cites is not killed by a fault aimed at it (listed with the
 * mutation score). A statement killed in the run needs no entry; one neither killed nor listed is
 * reported as "no fault aims at it".
 */
export const NOT_KILLED_REASONS: Readonly<Record<string, string>> = {};

/** Scenarios a run leaves out of its bystanders: slow by design, or judged only as recommendations. */
export const NOT_BYSTANDERS = ['@optional', '@timing'];

const anyOf = (ids: readonly string[]): string => `(${ids.map((id) => `@${id}`).join(' or ')})`;

/**
 * The cucumber tag expression of a fault run: the scenarios citing the row's statements, and (unless
 * the row says why not) the bystanders of the same feature files — those citing none of the fault's
 * statements (`faultRules`), neither @optional nor @timing.
 */
export function tagExpression(expectation: ControlExpectation, faultRules: readonly string[]): string {
  const aimed = anyOf(expectation.statements);
  if (expectation.noBystanders !== undefined) return aimed;
  const excluded = [...NOT_BYSTANDERS.map((t) => `not ${t}`), ...(faultRules.length > 0 ? [`not ${anyOf(faultRules)}`] : [])];
  return `${aimed} or (${excluded.join(' and ')})`;
}
