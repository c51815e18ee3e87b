// How a publish reaches the subscribers (issue 8's message bus seam). The local implementation
// delivers directly in this process; a cluster implementation also forwards to the nodes whose
// sessions match, and must keep the same contract.
//
// Contract:
// - publish(pub) routes one application message (client PUBLISH, will, $SYS) to every matching
//   subscription, storing or deleting the retained message first when RETAIN=1.
// - "Accepted" is the point after which the publisher may be acknowledged (PUBACK / PUBREC): when every
//   promise the bus pushed onto `pub.writes` has resolved. By then the message is in the state of every
//   matching session (durable for persistent sessions, and, for a cluster, stored or handed to the
//   owning nodes durably) and the retained store holds it [MQTT-4.3.2-2] [MQTT-4.3.3-2]. A rejected
//   promise means not accepted: the publisher is not acknowledged.
// - `pub.writes === null`: nobody waits (QoS 0, wills, $SYS); failures are logged by the core.
// - Order: messages from one connection are routed in the order of the calls [MQTT-4.6.0-2].
// - `pub.origin` is the publishing connection, for flow control (broker/session/flow-control.ts).
import type { Publication } from './publish-pipeline.ts';

export interface MessageBus {
  publish(pub: Publication): void;
}

/** What the core gives a bus: delivery to this process's sessions. */
export interface LocalDelivery {
  deliverLocally(pub: Publication): void;
}

export type MessageBusFactory = (local: LocalDelivery) => MessageBus;

/** Direct delivery: the message is accepted when this process's session writes are durable. */
export class LocalMessageBus implements MessageBus {
  constructor(private readonly local: LocalDelivery) {}

  publish(pub: Publication): void {
    this.local.deliverLocally(pub);
  }
}

export const localMessageBus: MessageBusFactory = (local) => new LocalMessageBus(local);
