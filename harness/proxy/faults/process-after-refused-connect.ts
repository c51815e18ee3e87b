// A broker that refuses a CONNECT but still processes what the client sent after it: for a CONNECT
// with a zero-length client id and clean session 0 (refused with return code 2, [MQTT-3.1.3-8])
// followed at once by more packets, the proxy gives the broker a client id (so it accepts and
// processes those packets), answers the client CONNACK 2 itself and closes it.
import type { IConnectPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const processAfterRefusedConnect: Fault = {
  name: 'process-after-refused-connect',
  description: 'a zero-length-id, clean-session-0 CONNECT followed by more packets before the CONNACK: the broker is given an id and processes them; the client gets CONNACK 2 and is closed',
  rules: ['MQTT-3.1.4-5'],
  attach(ctx) {
    let pending: IConnectPacket | undefined;
    let rewritten = false;
    let connackSeen = false;
    return {
      onClientPacket(frame) {
        if (frame.type === PacketType.CONNECT) {
          const connect = ctx.parse(frame) as IConnectPacket | undefined;
          if (connect !== undefined && connect.clientId === '' && connect.clean === false) {
            pending = connect;
            // Held until the next packet of the same read; alone, it goes on unchanged.
            ctx.setTimeout(0, () => {
              if (!rewritten && pending !== undefined) {
                ctx.sendToBroker(frame.bytes);
                pending = undefined;
              }
            });
            return 'drop';
          }
          return undefined;
        }
        if (pending !== undefined && !rewritten && !connackSeen) {
          rewritten = true;
          ctx.applied('processed packets after a CONNECT that is refused with return code 2'); // breaks [MQTT-3.1.4-5]
          return [{ ...pending, clientId: `refused-${ctx.connectionId}-${process.pid}`, clean: true }, frame.bytes];
        }
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.CONNACK) return undefined;
        connackSeen = true;
        if (!rewritten) return undefined;
        ctx.sendToClient({ cmd: 'connack', returnCode: 2, sessionPresent: false });
        ctx.closeClient();
        return 'drop';
      },
    };
  },
};
