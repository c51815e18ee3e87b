// "Nothing arrives" with a barrier behind it. The probe already requires a live connection and ends
// the window with a PINGREQ/PINGRESP round trip on it. For "no message on <topic>" this adds, where the
// scenario makes it meaningful, a QoS sentinel: the client that last published to that topic publishes
// one more (non-retained) message there, and the silent client must receive it through the subscription
// it holds. Messages of one publisher on one topic keep their order [MQTT-4.6.0-6], so the sentinel's
// arrival shows that anything the broker meant to send on that topic before it has been sent.
import type { Packet, IPublishPacket } from 'mqtt-packet';
import { ExpectationError, describePacket } from '../../harness/probe/index.ts';
import type { ConformanceWorld } from './world.ts';
import { publish } from '../common/publish.steps.ts';

const SENTINEL_PREFIX = 'mqttc-sentinel';

/** True for a sentinel payload (a step looking for unexpected messages ignores them). */
export function isSentinel(packet: Packet): boolean {
  return packet.cmd === 'publish' && Buffer.from((packet as IPublishPacket).payload).toString().startsWith(SENTINEL_PREFIX);
}

/** MQTT topic matching (section 4.7) of a topic name against a filter. */
export function filterMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** The window, live connection and round trip of the probe (no sentinel). */
export async function expectSilence(world: ConformanceWorld, name: string, match: (p: Packet) => boolean, unexpected: string): Promise<void> {
  await world.client(name).expectNone((p) => match(p) && !isSentinel(p), world.silence(), unexpected, { barrierMs: world.ms() });
}

/** No message on the (full) topic, then the sentinel where a publisher and a matching subscription are known. */
export async function expectNoMessageOn(world: ConformanceWorld, name: string, fullTopic: string, unexpected: string, extra: (p: IPublishPacket) => boolean = () => true): Promise<void> {
  const match = (p: Packet): boolean => p.cmd === 'publish' && p.topic === fullTopic && extra(p as IPublishPacket) && !isSentinel(p);
  await expectSilence(world, name, match, unexpected);
  const publisher = world.lastPublisher.get(fullTopic);
  const subscribed = (world.subscriptions.get(name) ?? []).some((s) => s.granted !== 0x80 && filterMatches(s.filter, fullTopic));
  if (publisher === undefined || !subscribed || publisher.name === name || !world.hasClient(publisher.name)) return;
  const sender = world.client(publisher.name);
  if (sender.closed || !sender.accepted) return;
  const payload = `${SENTINEL_PREFIX}-${world.packetId()}`;
  await publish(world, publisher.name, fullTopic, payload, { qos: publisher.qos, retain: false });
  const observer = world.client(name);
  await observer.expect(
    (p) => p.cmd === 'publish' && p.topic === fullTopic && Buffer.from((p as IPublishPacket).payload).toString() === payload,
    world.ms(),
    `the sentinel "${payload}" that ${publisher.name} published to ${fullTopic} after the window (the subscription must still deliver)`,
  );
  const late = observer.waiting(match);
  if (late !== undefined) throw new ExpectationError(`${name} to receive no ${unexpected}`, `it received ${describePacket(late)} before the sentinel`);
}
