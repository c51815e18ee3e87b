import type { Connection } from '../core/connection.ts';
import { PINGRESP_BYTES } from '../protocol/encode.ts';

export function handlePingreq(conn: Connection): void {
  conn.sendBytes(PINGRESP_BYTES); // [MQTT-3.12.4-1]
}
