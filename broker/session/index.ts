export { EntryQueue, Session } from './session.ts';
export type { OutboundEntry, SessionLink } from './session.ts';
export { deliver, deliveryQos, drain, resendInflight } from './delivery.ts';
export type { DeliveryContext, TemplatedEntry } from './delivery.ts';
