import type { IConnectPacket } from 'mqtt-packet';
import type { Connection } from '../core/connection.ts';
import { ProtocolViolationError } from '../model/errors.ts';
import type { QoS, StoredMessage } from '../model/messages.ts';
import { drain, resendInflight } from '../session/delivery.ts';
import { topicNameProblem } from '../topics/validate.ts';

/** Longest client id MQTT 3.1 (MQIsdp) allows. */
const V31_MAX_CLIENT_ID = 23;

export function handleConnect(conn: Connection, packet: IConnectPacket): void {
  // a second CONNECT is a protocol violation [MQTT-3.1.0-2]
  if (conn.state !== 'awaiting-connect') throw new ProtocolViolationError('second CONNECT', 'MQTT-3.1.0-2');
  // Checked by the parser (any failure closes without CONNACK [MQTT-3.1.4-1]): protocol name
  // [MQTT-3.1.2-1], reserved flag [MQTT-3.1.2-3], will QoS/retain 0 without will flag [MQTT-3.1.2-11]
  // [MQTT-3.1.2-13] [MQTT-3.1.2-15]. The protocol level was checked on the raw bytes [MQTT-3.1.2-2].
  conn.state = 'connecting';
  conn.protocolVersion = packet.protocolVersion ?? 4;
  const will = packet.will;
  if (will) {
    if ((will.qos ?? 0) > 2) throw new ProtocolViolationError('will QoS 3', 'MQTT-3.1.2-14');
    const problem = topicNameProblem(will.topic);
    if (problem !== null) throw new ProtocolViolationError(`invalid will topic: ${problem}`, 'MQTT-4.7.1-1');
  }
  // password without user name [MQTT-3.1.2-22]
  if (packet.password !== undefined && packet.username === undefined) {
    throw new ProtocolViolationError('password flag without user name flag', 'MQTT-3.1.2-22');
  }
  if (packet.clientId.includes('\u0000') || (packet.username?.includes('\u0000') ?? false)) {
    throw new ProtocolViolationError('U+0000 in a CONNECT string', 'MQTT-1.5.3-2');
  }
  // any non-empty UTF-8 client id is accepted, a superset of the required 1..23 [0-9a-zA-Z] [MQTT-3.1.3-5]
  let clientId = packet.clientId;
  const clean = packet.clean !== false;
  if (conn.protocolVersion === 3 && (clientId.length === 0 || clientId.length > V31_MAX_CLIENT_ID)) {
    return conn.refuse('identifier-rejected', { clientIdLength: clientId.length }); // MQTT 3.1: 1..23 characters [MQTT-3.1.3-9]
  }
  if (clientId.length === 0) {
    // zero-length id with CleanSession=0: 0x02 then close [MQTT-3.1.3-8]; with 1: assign one [MQTT-3.1.3-6]
    if (!clean) return conn.refuse('identifier-rejected', { reason: 'empty client id with CleanSession=0' });
    clientId = conn.broker.ids.assignClientId(); // unique to this node (injected IdSource)
  }
  conn.clientId = clientId;
  // a verified client certificate authenticates the client; its CN is the username (listeners/tls-options.ts)
  const certificateCn = conn.meta.certificateCn;
  conn.username = certificateCn ?? packet.username;
  conn.keepaliveMs = (packet.keepalive ?? 0) * 1000;
  const broker = conn.broker;
  if (certificateCn !== undefined) {
    broker.logger.log('debug', 'auth-by-certificate', { clientId, username: certificateCn });
    return accept(conn, packet, clientId, clean);
  }
  // password checks are bounded (each may cost a scrypt run): beyond the bound, 0x03 at once, no check
  const address = conn.meta.remoteAddress ?? '';
  const busy = broker.authGuard.begin(address);
  if (busy !== null) {
    broker.counters.authBusy++;
    return conn.refuse('server-unavailable', { cause: busy, inFlight: broker.authGuard.inFlight });
  }
  broker.authorizer.authenticate(clientId, packet.username, packet.password).then(
    (result) => {
      broker.authGuard.end(address);
      if (result !== 'ok') return refuseLater(conn, address, result);
      broker.authGuard.succeeded(address);
      if (conn.state === 'closed') return;
      try {
        accept(conn, packet, clientId, clean);
      } catch (err) {
        conn.fail(err);
      }
    },
    (err: unknown) => {
      broker.authGuard.end(address);
      broker.logger.log('error', 'authenticate-failed', { clientId, error: err instanceof Error ? err.message : String(err) });
      if (conn.state !== 'closed') conn.refuse('server-unavailable'); // 0x03 [MQTT-3.2.2-5]
    },
  );
}

/** A failed CONNECT is refused (0x04 / 0x05) after a delay that grows with the address's failures. */
function refuseLater(conn: Connection, address: string, result: 'bad-credentials' | 'not-authorized'): void {
  const broker = conn.broker;
  broker.counters.authFailures++;
  const { failures, delayMs } = broker.authGuard.failed(address);
  broker.logger.log('info', 'auth-failed', { clientId: conn.clientId, username: conn.username, remoteAddress: conn.meta.remoteAddress, result, failures, delayMs });
  const refuse = (): void => {
    if (conn.state !== 'closed') conn.refuse(result); // 0x04 bad user name or password, 0x05 not authorized
  };
  if (delayMs <= 0) refuse();
  else broker.clock.setTimeout(refuse, delayMs);
}

function accept(conn: Connection, packet: IConnectPacket, clientId: string, clean: boolean): void {
  const broker = conn.broker;
  let will: StoredMessage | null = null;
  if (packet.will) {
    // no will flag, no will [MQTT-3.1.2-12]; else stored with the connection, published if it ends abnormally [MQTT-3.1.2-8]
    will = {
      topic: packet.will.topic,
      payload: Buffer.from(packet.will.payload),
      qos: (packet.will.qos ?? 0) as QoS,
      retain: packet.will.retain === true,
      receivedAt: broker.clock.now(),
    };
  }
  const refuse = (err: unknown): void => {
    broker.logger.log('error', 'persistence-write-failed', { clientId, error: err instanceof Error ? err.message : String(err) });
    if (conn.state !== 'closed') conn.refuse('server-unavailable');
  };
  // the registry claims the client id, takes over a connection holding it and applies CleanSession [MQTT-3.1.4-3]
  broker.registry.open({ clientId, clean, protocolVersion: conn.protocolVersion, username: conn.username, client: conn, will }).then((opened) => {
    if (opened === null || conn.state === 'closed') return;
    const { session, sessionPresent, writes } = opened;
    conn.session = session;
    conn.will = will;
    const done = (): void => {
      if (conn.state === 'closed') return;
      try {
        conn.accepted(session, sessionPresent, () => {
          resendInflight(broker, session); // [MQTT-4.4.0-1]
          drain(broker, session);
        });
      } catch (err) {
        conn.fail(err);
      }
    };
    if (writes.length === 0) done();
    else Promise.all(writes).then(done, refuse);
  }, refuse);
}
