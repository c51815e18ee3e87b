// A broker that ends a clean session while its connection is still open: after the first message
// delivered to a clean-session connection, the proxy unsubscribes every filter of that connection
// (its own UNSUBSCRIBE upstream, the UNSUBACK swallowed), so nothing more is delivered.
import type { IConnectPacket, ISubscribePacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { ProxyPacketIds, ackPacketId } from './packet-tools.ts';

export const forgetSessionWhileConnected: Fault = {
  name: 'forget-session-while-connected',
  description: 'after the first PUBLISH delivered to a clean-session connection, its subscriptions are removed (the session ends while the connection is open)',
  rules: ['MQTT-4.1.0-2'],
  attach(ctx) {
    let clean = false;
    let forgotten = false;
    const filters = new Set<string>();
    const ids = new ProxyPacketIds();
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.CONNECT) clean = (ctx.parse(frame) as IConnectPacket | undefined)?.clean === true;
        if (frame.type === PacketType.SUBSCRIBE) {
          for (const s of (ctx.parse(frame) as ISubscribePacket | undefined)?.subscriptions ?? []) filters.add(s.topic);
        }
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type === PacketType.UNSUBACK && ids.release(ackPacketId(frame))) return 'drop';
        if (frame.type !== PacketType.PUBLISH || !clean || filters.size === 0) return undefined;
        if (forgotten) {
          ctx.applied('no session: a later PUBLISH is not delivered');
          return 'drop'; // the subscriptions went with the session, even for messages already routed
        }
        forgotten = true;
        ctx.sendToBroker({ cmd: 'unsubscribe', messageId: ids.take(), unsubscriptions: [...filters] });
        ctx.applied(`session ended while connected: unsubscribed ${[...filters].join(', ')}`); // breaks [MQTT-4.1.0-2]
        return undefined;
      },
    };
  },
};
