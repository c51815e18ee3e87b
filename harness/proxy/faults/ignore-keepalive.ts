// A broker that never enforces Keep Alive: the proxy keeps the upstream session alive with its own
// PINGREQs (every half Keep Alive) and swallows their PINGRESPs, so a silent client is never closed.
import type { Fault } from '../fault.ts';
import { PacketType } from '../frame-reader.ts';
import { connectFlagsOffset } from './packet-tools.ts';

export const ignoreKeepalive: Fault = {
  name: 'ignore-keepalive',
  description: 'the proxy pings the broker on the client\'s behalf, so a client silent past 1.5× Keep Alive is never disconnected',
  rules: ['MQTT-3.1.2-24'],
  attach(ctx) {
    let ourPings = 0;
    let started = false;
    return {
      onClientPacket(frame) {
        if (frame.type !== PacketType.CONNECT || started) return undefined;
        const flags = connectFlagsOffset(frame);
        const keepalive = flags === undefined ? 0 : frame.bytes.readUInt16BE(flags + 1);
        if (keepalive > 0) {
          started = true;
          ctx.setInterval(Math.max(100, keepalive * 500), () => {
            ourPings++;
            ctx.sendToBroker({ cmd: 'pingreq' }); // breaks [MQTT-3.1.2-24]
            ctx.applied(`PINGREQ upstream (Keep Alive ${keepalive}s)`);
          });
        }
        return undefined;
      },
      onBrokerPacket(frame) {
        if (frame.type !== PacketType.PINGRESP || ourPings === 0) return undefined;
        ourPings--;
        return 'drop';
      },
    };
  },
};
