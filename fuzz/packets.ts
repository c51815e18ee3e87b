// Valid MQTT packets from a seeded Rng, for 3.1.1 (level 4) and 5.0 (level 5), encoded by
// mqtt-packet's generate(). They are the raw material the mutators corrupt; a v5 packet sent on a
// 3.1.1 connection is itself a mutation (properties where the 3.1.1 parser expects payload).
import mqttPacket from 'mqtt-packet';
import type { Packet, QoS } from 'mqtt-packet';
import type { Rng } from './rng.ts';

export type ProtocolLevel = 4 | 5;

/** Client ids come from a small pool so that fuzz sessions are reused and taken over, never piled up. */
export const CLIENT_ID_POOL_SIZE = 12;

const TOPICS = ['fz/a', 'fz/a/b', 'fz/+/b', 'fz/#', '#', '+', 'fz//x', '$SYS/#', '$SYS/broker/uptime', 'fz/\u00e9/\u{1f600}', '/', 'fz/a/+/#'];
const PUBLISH_TOPICS = ['fz/a', 'fz/a/b', 'fz/c', 'fz//x', '/', 'fz/\u00e9', 'fz/retained'];

function topic(rng: Rng, pool: readonly string[]): string {
  if (rng.chance(0.1)) return rng.bytes(rng.range(0, 6)).toString('latin1');
  return rng.pick(pool);
}

function payload(rng: Rng): Buffer {
  const size = rng.pick([0, 1, 4, 16, 100, 300, 2000]);
  return rng.bytes(size);
}

function qos(rng: Rng): QoS {
  return rng.int(3) as QoS;
}

function messageId(rng: Rng): number {
  return rng.chance(0.05) ? rng.pick([1, 65535]) : rng.range(1, 65535);
}

function userProperties(rng: Rng): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) out[`k${rng.int(3)}`] = rng.chance(0.2) ? ['a', 'b'] : `v${rng.int(100)}`;
  return out;
}

function publishProperties(rng: Rng): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (rng.chance(0.3)) p.payloadFormatIndicator = rng.chance(0.5);
  if (rng.chance(0.3)) p.messageExpiryInterval = rng.int(100_000);
  if (rng.chance(0.3)) p.topicAlias = rng.range(1, 20);
  if (rng.chance(0.2)) p.responseTopic = 'fz/resp';
  if (rng.chance(0.2)) p.correlationData = rng.bytes(rng.range(0, 8));
  if (rng.chance(0.3)) p.userProperties = userProperties(rng);
  if (rng.chance(0.2)) p.contentType = 'text/plain';
  return p;
}

export function clientIdFor(rng: Rng): string {
  return rng.chance(0.05) ? '' : `fz-${rng.int(CLIENT_ID_POOL_SIZE)}`;
}

/** A valid CONNECT at the given level (level 4 is now and then MQTT 3.1, "MQIsdp" level 3: same packets after it). */
export function connectPacket(rng: Rng, level: ProtocolLevel, clientId = clientIdFor(rng)): Packet {
  const v31 = level === 4 && rng.chance(0.15);
  const packet: Record<string, unknown> = {
    cmd: 'connect',
    protocolId: v31 ? 'MQIsdp' : 'MQTT',
    protocolVersion: v31 ? 3 : level,
    clean: clientId === '' || rng.chance(0.7),
    clientId,
    keepalive: rng.pick([0, 0, 1, 10, 60, 65535]),
  };
  if (rng.chance(0.2)) packet.username = `u${rng.int(4)}`;
  if (packet.username !== undefined && rng.chance(0.5)) packet.password = rng.bytes(rng.range(0, 8));
  if (rng.chance(0.25)) {
    packet.will = { topic: topic(rng, PUBLISH_TOPICS), payload: payload(rng), qos: qos(rng), retain: rng.chance(0.3) };
    if (level === 5 && rng.chance(0.5)) (packet.will as Record<string, unknown>).properties = { willDelayInterval: rng.int(5), userProperties: userProperties(rng) };
  }
  if (level === 5 && rng.chance(0.6)) {
    packet.properties = {
      ...(rng.chance(0.5) ? { sessionExpiryInterval: rng.int(100) } : {}),
      ...(rng.chance(0.5) ? { receiveMaximum: rng.range(1, 100) } : {}),
      ...(rng.chance(0.3) ? { maximumPacketSize: rng.range(100, 100_000) } : {}),
      ...(rng.chance(0.3) ? { topicAliasMaximum: rng.int(20) } : {}),
      ...(rng.chance(0.3) ? { userProperties: userProperties(rng) } : {}),
    };
  }
  return packet as unknown as Packet;
}

/** Any client-to-server packet after CONNECT (and, rarely, server-to-client ones a client must not send). */
export function sessionPacket(rng: Rng, level: ProtocolLevel): Packet {
  const v5 = level === 5;
  const kind = rng.pick(['publish', 'publish', 'publish', 'subscribe', 'subscribe', 'unsubscribe', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'pingreq', 'disconnect', 'connect', 'other'] as const);
  switch (kind) {
    case 'publish': {
      const q = qos(rng);
      const p: Record<string, unknown> = { cmd: 'publish', topic: topic(rng, PUBLISH_TOPICS), payload: payload(rng), qos: q, retain: rng.chance(0.2), dup: q > 0 && rng.chance(0.2) };
      if (q > 0) p.messageId = messageId(rng);
      if (v5 && rng.chance(0.6)) p.properties = publishProperties(rng);
      return p as unknown as Packet;
    }
    case 'subscribe': {
      const n = rng.range(1, 4);
      const subscriptions = Array.from({ length: n }, () => {
        const s: Record<string, unknown> = { topic: topic(rng, TOPICS), qos: qos(rng) };
        if (v5) Object.assign(s, { nl: rng.chance(0.3), rap: rng.chance(0.3), rh: rng.int(3) });
        return s;
      });
      const p: Record<string, unknown> = { cmd: 'subscribe', messageId: messageId(rng), subscriptions };
      if (v5 && rng.chance(0.4)) p.properties = { subscriptionIdentifier: rng.range(1, 1000), ...(rng.chance(0.5) ? { userProperties: userProperties(rng) } : {}) };
      return p as unknown as Packet;
    }
    case 'unsubscribe':
      return { cmd: 'unsubscribe', messageId: messageId(rng), unsubscriptions: Array.from({ length: rng.range(1, 3) }, () => topic(rng, TOPICS)) } as unknown as Packet;
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp': {
      const p: Record<string, unknown> = { cmd: kind, messageId: messageId(rng) };
      if (v5 && rng.chance(0.5)) p.reasonCode = rng.pick([0, 0x10, 0x80, 0x92]);
      return p as unknown as Packet;
    }
    case 'pingreq':
      return { cmd: 'pingreq' } as Packet;
    case 'disconnect': {
      const p: Record<string, unknown> = { cmd: 'disconnect' };
      if (v5 && rng.chance(0.5)) p.reasonCode = rng.pick([0, 4, 0x80]);
      return p as unknown as Packet;
    }
    case 'connect':
      return connectPacket(rng, rng.chance(0.5) ? 4 : 5);
    case 'other':
      return rng.pick<Packet>([
        { cmd: 'connack', returnCode: 0, sessionPresent: false } as Packet,
        { cmd: 'suback', messageId: 1, granted: [0] } as Packet,
        { cmd: 'unsuback', messageId: 1 } as Packet,
        { cmd: 'pingresp' } as Packet,
        ...(v5 ? [{ cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'x' } } as Packet] : []),
      ]);
  }
}

/** Encodes with mqtt-packet; a packet it refuses to encode becomes a short valid PINGREQ. */
export function encode(packet: Packet, level: ProtocolLevel): Buffer {
  try {
    const v31 = packet.cmd === 'connect' && packet.protocolVersion === 3;
    return mqttPacket.generate(packet, { protocolVersion: v31 ? 3 : level });
  } catch {
    return Buffer.from([0xc0, 0x00]);
  }
}
