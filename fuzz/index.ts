// The fuzzer's public face: whole runs, the phases, replay and the corpus.
export { fuzzAll, PHASES } from './fuzz-all.ts';
export type { AllOptions, AllReport, Phase } from './fuzz-all.ts';
export { fuzzBroker, DEFAULTS } from './fuzz-broker.ts';
export type { FuzzOptions, FuzzReport } from './fuzz-broker.ts';
export { runParserFuzz } from './parser-fuzz.ts';
export { checkParserInput, buildParserInput } from './parser-check.ts';
export { runProbeFuzz, ProbeBench, buildProbeCase } from './probe-fuzz.ts';
export { replay, replayBroker, replayParser, replayProbe } from './replay.ts';
export { listFailures, loadFailure, FAILURES_DIR, CorpusFileError } from './corpus.ts';
export type { FailureFile, BrokerFailure, ParserFailure, ProbeFailure } from './corpus.ts';
export { createRng } from './rng.ts';
export type { Rng } from './rng.ts';
export { minimizeBrokerFailure } from './minimize.ts';
