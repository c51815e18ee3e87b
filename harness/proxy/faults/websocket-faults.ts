// Faults of the WebSocket transport (ws:// and wss:// listeners of the proxy only).
import type { Fault } from '../fault.ts';
import { FrameReader } from '../frame-reader.ts';

/** Takes a text frame as MQTT data instead of closing the connection. */
export const acceptTextFrames: Fault = {
  name: 'accept-text-frames',
  description: 'a WebSocket text frame from the client is taken as MQTT bytes (the broker never sees a text frame, so it does not close)',
  rules: ['MQTT-6.0.0-1'],
  attach: (ctx) => ({
    onClientWebSocketMessage(data, isBinary) {
      if (isBinary) return undefined;
      ctx.applied(`took a ${data.length}-byte text frame as MQTT data`); // breaks [MQTT-6.0.0-1]
      return 'as-binary';
    },
  }),
};

/** How the MQTT packets of one WebSocket message line up with it: whole packets, and bytes left over. */
export function packetsIn(message: Buffer): { packets: Buffer[]; partial: boolean } {
  const reader = new FrameReader();
  const packets: Buffer[] = [];
  let raw = false;
  for (const item of reader.push(message)) {
    if (item.kind === 'raw') raw = true;
    else packets.push(item.frame.bytes);
  }
  const whole = packets.reduce((n, p) => n + p.length, 0);
  return { packets, partial: raw || whole !== message.length };
}

/** Assumes each WebSocket frame holds exactly one MQTT packet. */
export const assumeFrameAlignment: Fault = {
  name: 'assume-frame-alignment',
  description: 'a WebSocket message holding several MQTT packets yields only the first (a message holding part of one passes: stock clients split their packets)',
  rules: ['MQTT-6.0.0-2'],
  attach: (ctx) => ({
    onClientWebSocketMessage(data, isBinary) {
      if (!isBinary) return undefined;
      const { packets, partial } = packetsIn(data);
      if (partial || packets.length <= 1) return undefined;
      ctx.applied(`kept the first of ${packets.length} packets in one frame`); // breaks [MQTT-6.0.0-2]
      return packets[0];
    },
  }),
};

/** Selects a subprotocol other than "mqtt". */
export const wrongWebSocketSubprotocol: Fault = {
  name: 'wrong-websocket-subprotocol',
  description: 'the WebSocket handshake answers the subprotocol "mqttv3.1" where the broker selected "mqtt"',
  rules: ['MQTT-6.0.0-4'],
  attach: () => ({}),
  webSocketProtocol: (selected) => (selected === 'mqtt' ? 'mqttv3.1' : selected), // breaks [MQTT-6.0.0-4]
};
