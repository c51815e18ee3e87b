// Narrow "the broker does not close the connection" faults, one per close rule: each watches why the
// broker closed a connection (a takeover, a refused CONNECT, a second CONNECT, an invalid CONNECT,
// or the rules the client's last frame breaks, see violations.ts) and keeps the client's side open
// only when that cause is its own rule. Every other close passes through.
import type { IConnectPacket } from 'mqtt-packet';
import type { Fault, FaultContext, FaultHooks } from '../fault.ts';
import type { Frame } from '../frame-reader.ts';
import { PacketType } from '../frame-reader.ts';
import { connectFlagsOffset } from './packet-tools.ts';
import { connectFlagRules, violatedRules } from './violations.ts';

const CLIENT_IDS = 'keep-open:client-ids';

interface Watch {
  connects: number;
  clientId: string;
  connackCode: number | undefined;
  last: Frame | undefined;
}

/** The rules whose "close the connection" the broker was obeying when it closed this connection. */
export function closeCauses(watch: Watch, ctx: FaultContext): string[] {
  const ids = ctx.shared.get(CLIENT_IDS) as Map<string, number> | undefined;
  if (watch.clientId !== '' && ids?.get(watch.clientId) !== undefined && ids.get(watch.clientId) !== ctx.connectionId) return ['MQTT-3.1.4-2'];
  if (watch.connackCode !== undefined && watch.connackCode !== 0) return ['MQTT-3.2.2-5'];
  if (watch.connects > 1) return ['MQTT-3.1.0-2', 'MQTT-4.8.0-1'];
  const last = watch.last;
  if (last === undefined) return [];
  if (watch.connackCode === undefined && last.type === PacketType.CONNECT) return ['MQTT-3.1.4-1', ...connectFlagRules(last, connectFlagsOffset(last))];
  if (watch.connackCode === undefined) return [];
  return violatedRules(last);
}

/** A fault keeping the client connected when the broker closes it because of one of `rules`. */
export function keepOpenFault(name: string, rules: readonly string[], why: string): Fault {
  return {
    name,
    description: `when the broker closes a connection because ${why}, the proxy keeps the client's side open`,
    rules,
    attach(ctx): FaultHooks {
      const watch: Watch = { connects: 0, clientId: '', connackCode: undefined, last: undefined };
      return {
        onClientPacket(frame) {
          watch.last = frame;
          if (frame.type !== PacketType.CONNECT) return undefined;
          watch.connects += 1;
          if (watch.connects === 1) {
            const connect = ctx.parse(frame) as IConnectPacket | undefined;
            watch.clientId = connect?.clientId ?? '';
            if (watch.clientId !== '') {
              const ids = (ctx.shared.get(CLIENT_IDS) as Map<string, number> | undefined) ?? new Map<string, number>();
              ids.set(watch.clientId, ctx.connectionId);
              ctx.shared.set(CLIENT_IDS, ids);
            }
          }
          return undefined;
        },
        onBrokerPacket(frame) {
          if (frame.type === PacketType.CONNACK && watch.connackCode === undefined) watch.connackCode = frame.bytes[frame.headerLength + 1] ?? 0;
          return undefined;
        },
        onBrokerClose() {
          if (ctx.clientSentDisconnect) return undefined;
          const causes = closeCauses(watch, ctx);
          if (!causes.some((id) => rules.includes(id))) return undefined;
          ctx.applied(`kept the client connected after the broker closed it (${causes.join(', ')})`); // breaks rules
          return 'keep-client';
        },
      };
    },
  };
}

export const KEEP_OPEN_FAULTS: readonly Fault[] = [
  keepOpenFault('keep-open-after-takeover', ['MQTT-3.1.4-2'], 'another connection took over its client id'),
  keepOpenFault('keep-open-after-refusal', ['MQTT-3.2.2-5'], 'it refused the CONNECT (CONNACK return code ≠ 0)'),
  keepOpenFault('keep-open-after-second-connect', ['MQTT-3.1.0-2'], 'the client sent a second CONNECT'),
  keepOpenFault('keep-open-after-invalid-connect', ['MQTT-3.1.4-1'], 'the CONNECT did not conform (closed before any CONNACK)'),
  keepOpenFault('keep-open-after-reserved-connect-flag', ['MQTT-3.1.2-3'], 'the CONNECT had its reserved flag set'),
  keepOpenFault('keep-open-after-reserved-flags', ['MQTT-2.2.2-1', 'MQTT-2.2.2-2'], 'a packet had invalid fixed-header flags'),
  keepOpenFault('keep-open-after-publish-qos3', ['MQTT-3.3.1-4'], 'a PUBLISH had both QoS bits set'),
  keepOpenFault('keep-open-after-subscribe-flags', ['MQTT-3.8.1-1'], 'a SUBSCRIBE had reserved bits other than 0010'),
  keepOpenFault('keep-open-after-unsubscribe-flags', ['MQTT-3.10.1-1'], 'an UNSUBSCRIBE had reserved bits other than 0010'),
  keepOpenFault('keep-open-after-pubrel-flags', ['MQTT-3.6.1-1'], 'a PUBREL had reserved bits other than 0010'),
  keepOpenFault('keep-open-after-disconnect-flags', ['MQTT-3.14.1-1'], 'a DISCONNECT had reserved bits set'),
  keepOpenFault('keep-open-after-ill-formed-utf8', ['MQTT-1.5.3-1'], 'a string was ill-formed UTF-8 (or a surrogate)'),
  keepOpenFault('keep-open-after-null-character', ['MQTT-1.5.3-2'], 'a string held U+0000'),
  keepOpenFault('keep-open-after-packet-id-0', ['MQTT-2.3.1-1'], 'a packet needing a packet identifier carried 0'),
  keepOpenFault('keep-open-after-missing-topic', ['MQTT-3.3.2-1'], 'a PUBLISH had no complete Topic Name'),
  keepOpenFault('keep-open-after-wildcard-topic', ['MQTT-3.3.2-2', 'MQTT-4.7.1-1'], 'a PUBLISH Topic Name held a wildcard'),
  keepOpenFault('keep-open-after-empty-topic', ['MQTT-4.7.3-1'], 'a Topic Name or Topic Filter was empty'),
  keepOpenFault('keep-open-after-subscribe-qos-bits', ['MQTT-3-8.3-4'], 'a SUBSCRIBE set the upper bits of a Requested QoS byte'),
  // The general rule: a broker ignoring every violation breaks each specific close rule too.
  keepOpenFault('keep-open-after-violation', [
    'MQTT-4.8.0-1', 'MQTT-2.2.2-1', 'MQTT-2.2.2-2', 'MQTT-3.3.1-4', 'MQTT-3.8.1-1', 'MQTT-3.10.1-1', 'MQTT-3.6.1-1', 'MQTT-3.14.1-1',
    'MQTT-1.5.3-1', 'MQTT-1.5.3-2', 'MQTT-2.3.1-1', 'MQTT-3.3.2-1', 'MQTT-3.3.2-2', 'MQTT-4.7.1-1', 'MQTT-4.7.3-1', 'MQTT-3-8.3-4',
    'MQTT-3.1.0-2',
  ], 'of any protocol violation of the client (the general rule)'),
];
