#!/usr/bin/env node
// Entry point of the `mqtt-conformance` CLI. The project is TypeScript run through tsx's loader,
// so the loader is registered for this process and (via NODE_OPTIONS) for every child it starts:
// cucumber's parallel workers and the reference broker launched as a target.
import { register } from 'tsx/esm/api';

if (!(process.env.NODE_OPTIONS ?? '').includes('--import tsx')) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim();
}
register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
