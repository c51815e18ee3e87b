// Turns cucumber's message stream (the envelopes of messages.ndjson, or runCucumber's onMessage)
// into one ScenarioResult per test case. Status mapping:
//   PASSED → passed; FAILED/AMBIGUOUS/UNDEFINED/PENDING/UNKNOWN → failed (with the error message);
//   SKIPPED with a text/x.mqttc.not-applicable attachment → not-applicable (its body is the reason);
//   SKIPPED with a text/x.mqttc.profile-mismatch attachment → not-applicable, "profile mismatch: <body>";
//   SKIPPED without one → failed: a scenario that silently did nothing must not look conformant.
// Each scenario also gets its per-statement results (attribution.ts) from its steps in run order.
import { attribute } from './attribution.ts';
import type { RanStep } from './attribution.ts';
import { NOT_APPLICABLE_MEDIA_TYPE, PROFILE_MISMATCH_MEDIA_TYPE, PROFILE_MISMATCH_PREFIX, TRACE_MEDIA_TYPE } from './types.ts';
import type { ScenarioResult, ScenarioStatus, StepRecord } from './types.ts';

/** The few fields of cucumber's envelopes this module reads (a structural subset of @cucumber/messages). */
export interface CucumberEnvelope {
  pickle?: {
    id: string; uri: string; name: string; astNodeIds?: string[]; tags?: { name: string }[];
    steps?: { id: string; text: string; type?: string; astNodeIds?: string[] }[];
  };
  gherkinDocument?: { uri?: string; feature?: unknown };
  testCase?: { id: string; pickleId: string; testSteps?: { id: string; pickleStepId?: string; hookId?: string }[] };
  testCaseStarted?: { id: string; testCaseId: string; attempt?: number; timestamp: Timestamp };
  testStepFinished?: { testCaseStartedId: string; testStepId: string; testStepResult: StepResult };
  testCaseFinished?: { testCaseStartedId: string; timestamp: Timestamp; willBeRetried?: boolean };
  attachment?: { testCaseStartedId?: string; mediaType: string; body: string; contentEncoding?: string };
  testRunFinished?: { success?: boolean; timestamp?: Timestamp; message?: string; exception?: { message?: string } };
}

interface Timestamp { seconds: number; nanos: number }
interface StepResult { status: string; message?: string; exception?: { type?: string; message?: string } }

interface Attempt {
  testCaseId: string;
  startedMs: number;
  steps: StepResult[];
  /** Step results by test step id. */
  byStep: Map<string, StepResult>;
  notApplicable?: string;
  profileMismatch?: string;
  trace: string[];
}

type TestCase = NonNullable<CucumberEnvelope['testCase']>;
type Pickle = NonNullable<CucumberEnvelope['pickle']>;

const STATUS_RANK: Record<string, number> = {
  UNKNOWN: 0, PASSED: 1, SKIPPED: 2, PENDING: 3, UNDEFINED: 4, AMBIGUOUS: 5, FAILED: 6,
};

const toMs = (t: Timestamp): number => t.seconds * 1000 + Math.round(t.nanos / 1e6);

const decodeBody = (a: NonNullable<CucumberEnvelope['attachment']>): string =>
  a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;

/** Spec ids a scenario cites: tags like @MQTT-3.1.2-24. */
export function statementTags(tags: string[]): string[] {
  return tags.filter((t) => /^@MQTT-\d/.test(t)).map((t) => t.slice(1));
}

/** Protocol versions of a scenario from its @v3.1.1 / @v5 tags ('5' is reported as '5.0'). */
export function versionTags(tags: string[]): string[] {
  const versions: string[] = [];
  for (const t of tags) {
    if (t === '@v3.1.1') versions.push('3.1.1');
    else if (t === '@v5' || t === '@v5.0') versions.push('5.0');
  }
  return versions;
}

export class ScenarioCollector {
  private readonly pickles = new Map<string, Pickle>();
  private readonly testCases = new Map<string, TestCase>();
  private readonly attempts = new Map<string, Attempt>();
  private readonly lines = new Map<string, number>();
  private readonly keywords = new Map<string, string>();
  readonly results: ScenarioResult[] = [];
  /** Set when cucumber reports a run-level error (e.g. a BeforeAll hook or support code failed). */
  runError: string | undefined;

  /** Feeds one envelope; returns the scenario result when it completes a test case. */
  add(envelope: CucumberEnvelope): ScenarioResult | undefined {
    if (envelope.gherkinDocument) this.indexLines(envelope.gherkinDocument);
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) this.testCases.set(envelope.testCase.id, envelope.testCase);
    if (envelope.testCaseStarted) {
      const s = envelope.testCaseStarted;
      this.attempts.set(s.id, { testCaseId: s.testCaseId, startedMs: toMs(s.timestamp), steps: [], byStep: new Map(), trace: [] });
    }
    if (envelope.attachment?.testCaseStartedId !== undefined) {
      const attempt = this.attempts.get(envelope.attachment.testCaseStartedId);
      if (attempt) {
        const body = decodeBody(envelope.attachment);
        if (envelope.attachment.mediaType === NOT_APPLICABLE_MEDIA_TYPE) attempt.notApplicable = body;
        else if (envelope.attachment.mediaType === PROFILE_MISMATCH_MEDIA_TYPE) attempt.profileMismatch = body.trim();
        else if (envelope.attachment.mediaType === TRACE_MEDIA_TYPE) attempt.trace.push(body);
      }
    }
    if (envelope.testStepFinished) {
      const f = envelope.testStepFinished;
      const attempt = this.attempts.get(f.testCaseStartedId);
      attempt?.steps.push(f.testStepResult);
      attempt?.byStep.set(f.testStepId, f.testStepResult);
    }
    if (envelope.testRunFinished && envelope.testRunFinished.success === false) {
      const m = envelope.testRunFinished.exception?.message ?? envelope.testRunFinished.message;
      if (m !== undefined && m !== '') this.runError = m;
    }
    if (envelope.testCaseFinished) return this.finish(envelope.testCaseFinished);
    return undefined;
  }

  private finish(f: NonNullable<CucumberEnvelope['testCaseFinished']>): ScenarioResult | undefined {
    const attempt = this.attempts.get(f.testCaseStartedId);
    this.attempts.delete(f.testCaseStartedId);
    if (!attempt || f.willBeRetried === true) return undefined;
    const testCase = this.testCases.get(attempt.testCaseId);
    const pickle = this.pickles.get(testCase?.pickleId ?? '');
    if (!pickle || !testCase) return undefined;
    const tags = (pickle.tags ?? []).map((t) => t.name);
    const { status, message } = verdict(attempt);
    const result: ScenarioResult = {
      name: pickle.name,
      feature: pickle.uri.replaceAll('\\', '/'),
      status,
      statements: statementTags(tags),
      durationMs: Math.max(0, toMs(f.timestamp) - attempt.startedMs),
      versions: versionTags(tags),
      optional: tags.includes('@optional'),
      tags,
    };
    if (message !== undefined) result.message = message;
    if (status === 'failed' && attempt.trace.length > 0) result.trace = attempt.trace.join('\n');
    const line = this.lines.get(pickle.astNodeIds?.at(-1) ?? '');
    if (line !== undefined) result.line = line;
    const attribution = attribute(result.statements, this.ranSteps(testCase, pickle, attempt), status, result.optional);
    result.statementResults = attribution.statementResults;
    if (attribution.failedStep !== undefined) result.failedStep = attribution.failedStep;
    if (status === 'failed') result.steps = attribution.steps;
    this.results.push(result);
    return result;
  }

  /** The attempt's test steps in run order: hooks, and pickle steps with their text, type and line. */
  private ranSteps(testCase: TestCase, pickle: Pickle, attempt: Attempt): RanStep[] {
    const pickleSteps = new Map((pickle.steps ?? []).map((s) => [s.id, s]));
    return (testCase.testSteps ?? []).map((ts): RanStep => {
      const status = attempt.byStep.get(ts.id)?.status;
      const ps = ts.pickleStepId === undefined ? undefined : pickleSteps.get(ts.pickleStepId);
      if (ps === undefined) return status === undefined ? { hook: true, text: '' } : { hook: true, text: '', status };
      const step: RanStep = { hook: false, text: ps.text };
      if (status !== undefined) step.status = status;
      if (isStepType(ps.type)) step.type = ps.type;
      const astId = ps.astNodeIds?.[0] ?? '';
      const line = this.lines.get(astId);
      if (line !== undefined) step.line = line;
      const keyword = this.keywords.get(astId);
      if (keyword !== undefined) step.keyword = keyword;
      return step;
    });
  }

  /** Maps AST node ids (scenarios, example rows) to their line numbers, so results can point at the source. */
  private indexLines(doc: NonNullable<CucumberEnvelope['gherkinDocument']>): void {
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) { node.forEach(visit); return; }
      if (node === null || typeof node !== 'object') return;
      const rec = node as Record<string, unknown>;
      const loc = rec['location'] as { line?: number } | undefined;
      if (typeof rec['id'] === 'string' && loc?.line !== undefined) this.lines.set(rec['id'], loc.line);
      if (typeof rec['id'] === 'string' && typeof rec['keyword'] === 'string' && typeof rec['text'] === 'string') {
        this.keywords.set(rec['id'], rec['keyword'].trim());
      }
      for (const [k, v] of Object.entries(rec)) if (k !== 'location') visit(v);
    };
    visit(doc.feature);
  }
}

function verdict(attempt: Attempt): { status: ScenarioStatus; message?: string } {
  let worst: StepResult = { status: 'PASSED' };
  for (const step of attempt.steps) {
    if ((STATUS_RANK[step.status] ?? 0) > (STATUS_RANK[worst.status] ?? 0)) worst = step;
  }
  switch (worst.status) {
    case 'PASSED':
      return { status: 'passed' };
    case 'SKIPPED':
      if (attempt.profileMismatch !== undefined) return { status: 'not-applicable', message: `${PROFILE_MISMATCH_PREFIX}${attempt.profileMismatch}` };
      if (attempt.notApplicable !== undefined) return { status: 'not-applicable', message: attempt.notApplicable };
      return { status: 'failed', message: 'scenario was skipped without a not-applicable reason' };
    case 'UNDEFINED':
      return { status: 'failed', message: 'a step has no step definition (UNDEFINED)' };
    case 'AMBIGUOUS':
      return { status: 'failed', message: worst.message ?? 'a step matches several step definitions (AMBIGUOUS)' };
    case 'PENDING':
      return { status: 'failed', message: 'a step is pending (not implemented yet)' };
    default:
      return { status: 'failed', message: worst.exception?.message ?? worst.message ?? `step status ${worst.status}` };
  }
}

const isStepType = (t: string | undefined): t is NonNullable<StepRecord['type']> =>
  t === 'Context' || t === 'Action' || t === 'Outcome' || t === 'Unknown';

/** Reads a recorded messages.ndjson into scenario results. */
export function collectFromNdjson(text: string): ScenarioCollector {
  const collector = new ScenarioCollector();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    collector.add(JSON.parse(line) as CucumberEnvelope);
  }
  return collector;
}
