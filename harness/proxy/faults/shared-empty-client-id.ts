// A broker that does not give each zero-length client id a unique one: every CONNECT with an empty
// client id reaches the broker with the same id (one per proxy), so a second such client takes the
// first one's session over.
import { randomBytes } from 'node:crypto';
import type { IConnectPacket } from 'mqtt-packet';
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';

const KEY = 'shared-empty-client-id';

export const sharedEmptyClientId: Fault = {
  name: 'shared-empty-client-id',
  description: 'CONNECT packets with a zero-length client id all get the same assigned id (per proxy): the second takes the first one over',
  rules: ['MQTT-3.1.3-6'],
  attach: (ctx) => ({
    onClientPacket(frame) {
      if (frame.type !== PacketType.CONNECT) return undefined;
      const connect = ctx.parse(frame) as IConnectPacket | undefined;
      if (connect === undefined || connect.clientId !== '' || connect.clean !== true) return undefined;
      let id = ctx.shared.get(KEY) as string | undefined;
      if (id === undefined) {
        id = `empty-${randomBytes(4).toString('hex')}`;
        ctx.shared.set(KEY, id);
      }
      ctx.applied(`zero-length client id assigned the shared id ${id}`); // breaks [MQTT-3.1.3-6]
      return { ...connect, clientId: id };
    },
  }),
};
