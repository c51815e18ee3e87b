// A broker that accepts any protocol level: "unacceptable protocol version" becomes "accepted".
import { acceptRefusedConnect } from './accept-refused-connect.ts';

// 3.1.1 return code 1; MQTT 5 reason code 0x84.
export const acceptUnsupportedProtocol = acceptRefusedConnect(
  'accept-unsupported-protocol',
  'broker→client CONNACK 1 (unacceptable protocol level) is rewritten to 0 and the client is kept connected',
  [0x01, 0x84],
  ['MQTT-3.1.2-2'], // breaks [MQTT-3.1.2-2]
);
