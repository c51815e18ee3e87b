// A broker that never closes a client's connection itself (no takeover, no disconnect on
// violations): when the broker ends the upstream connection, the client's stays open.
import type { Fault } from '../fault.ts';

export const hideBrokerClose: Fault = {
  name: 'hide-broker-close',
  description: 'when the broker closes a connection, the proxy keeps the client\'s side open (a taken-over, refused or violating client is not disconnected)',
  rules: [
    'MQTT-3.1.4-2', 'MQTT-3.2.2-5', 'MQTT-3.1.0-2', 'MQTT-3.1.4-1',
    // every "close the Network Connection" rule for bad input
    'MQTT-2.2.2-2', 'MQTT-1.5.3-1', 'MQTT-1.5.3-2', 'MQTT-2.3.1-1', 'MQTT-3.3.1-4', 'MQTT-4.8.0-1',
    'MQTT-2.2.2-1', 'MQTT-3-8.3-4', 'MQTT-3.1.2-3', 'MQTT-3.10.1-1', 'MQTT-3.2.2-6', 'MQTT-3.3.2-1',
    'MQTT-3.3.2-2', 'MQTT-3.6.1-1', 'MQTT-3.8.1-1', 'MQTT-4.7.1-1', 'MQTT-4.7.3-1', 'MQTT-3.14.1-1',
  ],
  attach: (ctx) => ({
    onBrokerClose() {
      if (ctx.clientSentDisconnect) return undefined;
      ctx.applied('kept the client connected after the broker closed'); // breaks [MQTT-3.1.4-2]
      return 'keep-client';
    },
  }),
};
