export { SYS_TOPICS, SysPublisher } from './sys-publisher.ts';
export type { SysSource } from './sys-publisher.ts';
