import type { Connection } from '../core/connection.ts';

export function handleDisconnect(conn: Connection): void {
  // reserved flags 0000 are checked by the parser [MQTT-3.14.1-1]
  // discard the will without publishing it [MQTT-3.14.4-3] [MQTT-3.1.2-10]
  conn.close({ reason: 'client-disconnect', publishWill: false, level: 'debug' });
}
