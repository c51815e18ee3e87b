// Test support: the Cucumber envelopes of crafted scenarios (the subset of messages the collector reads),
// scenario by scenario: steps with their types and statuses, hooks, attachments.
import { ScenarioCollector } from './scenario-collector.ts';
import type { CucumberEnvelope } from './scenario-collector.ts';
import type { ScenarioResult } from './types.ts';

export type Type = 'Context' | 'Action' | 'Outcome';
/** A crafted step: [type, text, status]; status undefined = never reported. */
export type Step = [Type, string, string | undefined, string?];
export interface Crafted {
  name: string;
  tags: string[];
  steps: Step[];
  /** Status of the Before hook (default PASSED). */
  before?: string;
  after?: string;
  attachments?: { mediaType: string; body: string }[];
  /** Feature file (default features/09-crafted/crafted.feature). */
  uri?: string;
}

const KEYWORD: Record<Type, string> = { Context: 'Given ', Action: 'When ', Outcome: 'Then ' };
const ts = { seconds: 1, nanos: 0 };

/** The envelopes cucumber would emit for one scenario of one feature file. */
export function envelopes(n: number, c: Crafted): CucumberEnvelope[] {
  const id = (what: string, i = 0): string => `${what}-${n}-${i}`;
  const uri = c.uri ?? 'features/09-crafted/crafted.feature';
  const gherkinDocument = {
    uri,
    feature: {
      children: [{
        scenario: {
          id: id('scenario'), location: { line: 10 * n }, name: c.name,
          steps: c.steps.map(([type, text], i) => ({ id: id('ast-step', i), location: { line: 10 * n + 1 + i }, keyword: KEYWORD[type], keywordType: type, text })),
        },
      }],
    },
  };
  const pickle = {
    id: id('pickle'), uri, name: c.name, astNodeIds: [id('scenario')], tags: c.tags.map((name) => ({ name })),
    steps: c.steps.map(([type, text], i) => ({ id: id('pickle-step', i), text, type, astNodeIds: [id('ast-step', i)] })),
  };
  const testSteps = [
    { id: id('before'), hookId: 'h1' },
    ...c.steps.map((_, i) => ({ id: id('test-step', i), pickleStepId: id('pickle-step', i) })),
    { id: id('after'), hookId: 'h2' },
  ];
  const started = id('started');
  const finished = (testStepId: string, status: string, message?: string): CucumberEnvelope => ({
    testStepFinished: { testCaseStartedId: started, testStepId, testStepResult: message === undefined ? { status } : { status, message } },
  });
  const out: CucumberEnvelope[] = [
    { gherkinDocument }, { pickle }, { testCase: { id: id('case'), pickleId: pickle.id, testSteps } },
    { testCaseStarted: { id: started, testCaseId: id('case'), timestamp: ts } },
  ];
  for (const a of c.attachments ?? []) out.push({ attachment: { testCaseStartedId: started, ...a } });
  out.push(finished(id('before'), c.before ?? 'PASSED'));
  c.steps.forEach(([, , status, message], i) => { if (status !== undefined) out.push(finished(id('test-step', i), status, message)); });
  out.push(finished(id('after'), c.after ?? 'PASSED'));
  out.push({ testCaseFinished: { testCaseStartedId: started, timestamp: { seconds: 2, nanos: 0 } } });
  return out;
}

export function collect(...scenarios: Crafted[]): ScenarioResult[] {
  const collector = new ScenarioCollector();
  scenarios.forEach((c, i) => { for (const e of envelopes(i + 1, c)) collector.add(e); });
  return collector.results;
}

const TRACE = 'text/x.mqttc.trace';

/**
 * A small run over real spec ids with one case of each view element: a bracketed Then failing two
 * statements, a Given failing (statements not reached), an optional failure, a not-applicable scenario,
 * a profile mismatch and passing scenarios.
 */
export function craftedRun(): ScenarioResult[] {
  return collect(
    {
      name: 'a refused CONNECT gets session present 0', uri: 'features/01-connect/connack.feature',
      tags: ['@v3.1.1', '@MQTT-3.2.2-4', '@MQTT-3.2.2-5', '@MQTT-3.1.4-5'],
      steps: [
        ['Context', 'a client "c1" with a bad protocol level', 'PASSED'],
        ['Action', 'it connects', 'PASSED'],
        ['Outcome', 'the broker answers CONNACK with return code 1 [MQTT-3.2.2-5]', 'PASSED'],
        ['Outcome', 'session present is 0 [MQTT-3.2.2-4]', 'FAILED', 'expected session present 0, got 1'],
        ['Outcome', 'the broker closes the connection [MQTT-3.1.4-5]', 'SKIPPED'],
      ],
      attachments: [{ mediaType: TRACE, body: '→ CONNECT protocolLevel=3 clientId=c1\n← CONNACK sessionPresent=1 returnCode=1' }],
    },
    {
      name: 'a second CONNECT is a protocol violation', uri: 'features/01-connect/connect.feature',
      tags: ['@v3.1.1', '@MQTT-3.1.0-2'],
      steps: [
        ['Context', 'a connected client "c2"', 'PASSED'],
        ['Action', 'it sends a second CONNECT', 'PASSED'],
        ['Outcome', 'the broker closes the connection', 'FAILED', 'the connection stayed open for 2000 ms'],
      ],
      attachments: [{ mediaType: TRACE, body: '→ CONNECT clientId=c2\n← CONNACK returnCode=0\n→ CONNECT clientId=c2\n(nothing for 2000 ms)' }],
    },
    {
      name: 'a will is published when the connection drops', uri: 'features/06-will/will.feature',
      tags: ['@v3.1.1', '@MQTT-3.1.2-8'],
      steps: [
        ['Context', 'a subscriber on "will/#"', 'FAILED', 'no SUBACK within 5000 ms'],
        ['Action', 'a client with a will drops its connection', 'SKIPPED'],
        ['Outcome', 'the subscriber receives the will', 'SKIPPED'],
      ],
    },
    {
      name: 'a zero-length client id gets a unique id', uri: 'features/01-connect/client-id.feature',
      tags: ['@v3.1.1', '@optional', '@MQTT-3.1.3-6'],
      steps: [['Action', 'a client connects with an empty client id', 'PASSED'], ['Outcome', 'it is accepted', 'FAILED', 'CONNACK return code 2']],
    },
    {
      name: 'a SUBSCRIBE gets a SUBACK', uri: 'features/02-subscribe/suback.feature', tags: ['@v3.1.1', '@MQTT-3.8.4-1'],
      steps: [['Context', 'a connected client', 'PASSED'], ['Outcome', 'it gets a SUBACK [MQTT-3.8.4-1]', 'PASSED']],
    },
    {
      name: 'a QoS 0 retained message replaces the old one', uri: 'features/04-retain/retain.feature', tags: ['@v3.1.1', '@tls', '@MQTT-3.3.1-7'],
      before: 'SKIPPED', steps: [['Outcome', 'the new one is retained', 'SKIPPED']],
      attachments: [{ mediaType: 'text/x.mqttc.not-applicable', body: '@tls: no mqtts:// URL was given for the target' }],
    },
    {
      name: 'valid credentials are accepted', uri: 'features/08-auth/auth.feature', tags: ['@v3.1.1', '@auth', '@MQTT-3.1.4-2'],
      steps: [['Context', 'a connection with the profile credentials', 'SKIPPED'], ['Outcome', 'it is accepted', 'SKIPPED']],
      attachments: [{ mediaType: 'text/x.mqttc.profile-mismatch', body: 'the broker refused the profile credentials (return code 5): fix auth in the profile' }],
    },
  );
}
