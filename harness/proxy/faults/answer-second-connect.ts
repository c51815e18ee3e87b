// A broker that accepts a second CONNECT on the same connection instead of disconnecting.
import type { Packet } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

export const answerSecondConnect: Fault = {
  name: 'answer-second-connect',
  description: 'a second CONNECT on a connection is not forwarded; the proxy answers CONNACK 0 itself',
  rules: ['MQTT-3.1.0-2'],
  attach(ctx) {
    let connects = 0;
    return {
      onClientPacket(frame) {
        if (frame.type !== PacketType.CONNECT || ++connects === 1) return undefined;
        const connack: Packet =
          ctx.protocolVersion === 5
            ? { cmd: 'connack', sessionPresent: false, reasonCode: 0 }
            : { cmd: 'connack', sessionPresent: false, returnCode: 0 };
        ctx.sendToClient(connack); // breaks [MQTT-3.1.0-2]
        ctx.applied('answered a second CONNECT with CONNACK 0');
        return 'drop';
      },
    };
  },
};
