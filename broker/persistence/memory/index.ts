export { MemoryPersistence } from './memory-persistence.ts';
