// A broker that lets anyone in: "bad user name or password" / "not authorized" become "accepted".
import { acceptRefusedConnect } from './accept-refused-connect.ts';

// 3.1.1 return codes 4 and 5; MQTT 5 reason codes 0x86 and 0x87.
export const acceptBadCredentials = acceptRefusedConnect(
  'accept-bad-credentials',
  'broker→client CONNACK 4/5 (bad credentials, not authorized) is rewritten to 0 and the client is kept connected',
  [0x04, 0x05, 0x86, 0x87],
  ['MQTT-3.2.2-4', 'MQTT-3.2.2-5'], // breaks [MQTT-3.2.2-4] [MQTT-3.2.2-5]
);
