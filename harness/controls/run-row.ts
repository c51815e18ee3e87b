// One control run in one process: `node --import tsx harness/controls/run-row.ts '<RunOptions JSON>'`
// runs the conformance suite through runConformance with cucumber in-process (parallel 0), saving
// the worker process the CLI would start (process start-up is most of a small control run's cost).
import { runConformance } from '../cli/run-conformance.ts';
import type { RunOptions } from '../cli/run-conformance.ts';

const raw = process.argv[2];
if (raw === undefined) {
  process.stderr.write('usage: run-row.ts \'{"urls":[…],"out":"…",…}\'\n');
  process.exit(2);
}
const options = { baselineExact: false, coverage: false, timeScale: 1, ...(JSON.parse(raw) as Partial<RunOptions>) } as RunOptions;
process.exitCode = await runConformance(options);
