// Aedes 1.2 (npm, in-memory persistence, plain TCP) as a Target: fixtures/brokers/aedes-server.ts in a
// child process on a free port, ready at its `listening <url>` line. Profile `aedes`.
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';
import { ProcessTarget } from './process-target.ts';
import type { ProcessTargetOptions } from './process-target.ts';
import { deriveUnsupported, loadProfile } from './profiles.ts';
import type { Profile } from './target-spec.ts';

export const AEDES_SERVER = join(REPO_ROOT, 'fixtures', 'brokers', 'aedes-server.ts');

export interface AedesTargetOptions extends ProcessTargetOptions {
  profile?: Profile;
  stderr?: NodeJS.WritableStream;
}

export class AedesTarget extends ProcessTarget {
  constructor(options: AedesTargetOptions = {}) {
    super('aedes', async () => {
      const profile = options.profile ?? loadProfile('aedes');
      return {
        command: process.execPath,
        args: ['--import', 'tsx', AEDES_SERVER, '--port', '0'],
        cwd: REPO_ROOT,
        readiness: { kind: 'stdout' },
        // Only TCP: derive the transports it lacks now, from the one URL it will print.
        profile: deriveUnsupported(profile, { mqtt: 'mqtt://127.0.0.1' }),
        description: 'Aedes 1.2 (in-memory persistence, pid {pid})',
        ...(options.stderr !== undefined ? { stderr: options.stderr } : {}),
      };
    }, { readyTimeoutMs: 20_000, ...options });
  }
}
