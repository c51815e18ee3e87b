// Runs the Gherkin suite through cucumber's JS API: plans first (so "no scenarios matched" is
// known before a broker is launched), then runs with the message formatter writing
// messages.ndjson and every envelope passed to the caller (progress, results).
import { Writable } from 'node:stream';
import { loadConfiguration, loadSources, runCucumber } from '@cucumber/cucumber/api';
import type { IRunConfiguration } from '@cucumber/cucumber/api';
import type { CucumberEnvelope } from '../report/index.ts';

export class SuiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuiteError';
  }
}

export interface SuiteOptions {
  /** Directory the feature and step paths are relative to (the repository root). */
  cwd: string;
  features: string[];
  imports: string[];
  tags: string;
  parallel: number;
  /** Absolute path of messages.ndjson (cucumber's message formatter). */
  messagesFile?: string;
}

/** The tag expression of a run: the profile's versions AND the user's --tags. */
export function tagExpression(protocolVersions: string[], userTags: string | undefined): string {
  const versions = protocolVersions.map((v) => (v === '5' || v === '5.0' ? '@v5' : `@v${v}`)).join(' or ');
  return userTags === undefined || userTags.trim() === '' ? `(${versions})` : `(${versions}) and (${userTags})`;
}

const sink = (): Writable => new Writable({ write: (_chunk, _enc, done) => done() });

async function configuration(options: SuiteOptions): Promise<IRunConfiguration> {
  const format = options.messagesFile === undefined ? [] : [`message:"${options.messagesFile}"`];
  const { runConfiguration } = await loadConfiguration({
    file: false,
    provided: {
      paths: options.features,
      import: options.imports,
      tags: options.tags,
      parallel: options.parallel,
      format,
      strict: true,
    },
  }, { cwd: options.cwd, stdout: sink(), stderr: process.stderr, env: process.env });
  return runConfiguration;
}

/** Names of the scenarios that would run; throws SuiteError on Gherkin parse errors or a bad tag expression. */
export async function planSuite(options: SuiteOptions): Promise<{ name: string; uri: string }[]> {
  let plan: { name: string; uri: string }[];
  try {
    const config = await configuration(options);
    const result = await loadSources(config.sources, { cwd: options.cwd, stdout: sink(), stderr: process.stderr });
    if (result.errors.length > 0) {
      throw new SuiteError(result.errors.map((e) => `${e.uri}:${e.location.line}: ${e.message}`).join('\n'));
    }
    plan = result.plan.map((p) => ({ name: p.name, uri: p.uri }));
  } catch (error) {
    if (error instanceof SuiteError) throw error;
    const cause = (error as Error).cause instanceof Error ? ` — ${((error as Error).cause as Error).message}` : '';
    throw new SuiteError(`cannot plan the suite (tags ${options.tags}): ${(error as Error).message}${cause}`);
  }
  return plan;
}

export async function runSuite(options: SuiteOptions, onEnvelope: (envelope: CucumberEnvelope) => void): Promise<boolean> {
  const config = await configuration(options);
  const { success } = await runCucumber(
    config,
    { cwd: options.cwd, stdout: sink(), stderr: process.stderr, env: process.env },
    (envelope) => onEnvelope(envelope as unknown as CucumberEnvelope),
  );
  return success;
}
