// Locations inside the repository, independent of the caller's working directory.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
export const PROFILES_DIR = join(REPO_ROOT, 'fixtures', 'profiles');
export const CERTS_DIR = join(REPO_ROOT, 'fixtures', 'certs');
export const SPEC_DIR = join(REPO_ROOT, 'fixtures', 'spec');
export const BIN = join(REPO_ROOT, 'bin', 'mqtt-conformance.js');
