import { runPersistenceContract } from '../contract.ts';
import { MemoryPersistence } from './memory-persistence.ts';

runPersistenceContract('memory', () => ({
  create: () => new MemoryPersistence(),
  reopen: null,
  dispose: async () => {},
}));
