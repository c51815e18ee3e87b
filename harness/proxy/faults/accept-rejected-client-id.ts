// A broker that accepts client ids it refused: "identifier rejected" becomes "accepted".
import { acceptRefusedConnect } from './accept-refused-connect.ts';

// 3.1.1 return code 2; MQTT 5 reason code 0x85.
export const acceptRejectedClientId = acceptRefusedConnect(
  'accept-rejected-client-id',
  'broker→client CONNACK 2 (identifier rejected) is rewritten to 0 and the client is kept connected',
  [0x02, 0x85],
  ['MQTT-3.1.3-8', 'MQTT-3.1.3-9'], // breaks [MQTT-3.1.3-8] [MQTT-3.1.3-9]
);
